//! The site's frame (skip link, header, footer) and its home page, as HTML strings in
//! either language, from one catalog (`Site`). Three users: the build pre-renders the
//! Russian home page into `index.html` (through the home page's module run in node, so
//! the first paint needs no wasm); the home page's module (`app-front`) draws it again
//! in English when the reader chose it; the Leptos app takes its header's texts from
//! the same catalog and the hotlines and hours from `hotlines_and_hours`.
//!
//! Only the static part is here: who is signed in (the account link, the bell, sign-out)
//! is learnt in the browser and changed there.

pub mod form;
mod form_text;
mod text;

use std::fmt::Write;

pub use form_text::{Form, FormCount, file_size, rate_text};
use helpdesk_shared::contacts::{HOTLINES, OPERATOR_HOURS};
use helpdesk_shared::{Category, Lang};
pub use text::Site;

/// Text sizes, as a percentage of the browser's default: the header's three buttons.
pub const FONT_STEPS: [u16; 3] = [100, 125, 150];

/// localStorage keys of the reader's preferences (JSON values, as the Leptos app
/// writes them).
pub const LANG_KEY: &str = "helpdesk.lang";
pub const FONT_KEY: &str = "helpdesk.font";

/// sessionStorage key set just before the site loads another of its pages afresh (the
/// home page, the form and the Leptos apps are separate documents): the page arrived
/// at gives its heading focus, as a route change within one app does. A page opened
/// directly starts at the top, as a browser starts it.
pub const ARRIVAL_KEY: &str = "helpdesk.arrival";

/// sessionStorage key of the answer to a submission (`SubmitTicketResponse` as JSON):
/// the form writes it, the confirmation page (the Leptos app's `/submitted`) reads it.
pub const LAST_SUBMITTED_KEY: &str = "helpdesk.submitted";

/// The longest question the search box takes.
pub use helpdesk_shared::faq::QUERY_MAX;

/// Escapes text for HTML content and quoted attributes.
pub use helpdesk_shared::text::escape_html as esc;

fn t(lang: Lang, key: Site) -> String {
    esc(key.text(lang))
}

/// The whole body of the home page: skip link, header, the page, footer.
pub fn home_page(lang: Lang) -> String {
    format!(
        "{skip}{header}<main id=\"main\" class=\"container\" tabindex=\"-1\">{home}</main>{footer}",
        skip = skip_link(lang),
        header = header(lang),
        home = home(lang),
        footer = footer(lang),
    )
}

/// The document's title on the home page.
pub fn home_title(lang: Lang) -> &'static str {
    Site::SiteName.text(lang)
}

pub fn skip_link(lang: Lang) -> String {
    format!(
        "<a href=\"#main\" class=\"skip-link\">{}</a>",
        t(lang, Site::SiteSkip)
    )
}

/// The header as the Leptos app draws it for nobody signed in, on the home page. The
/// account's item (`li.nav-account`) and the bell's place (`#bell-slot`) are changed in
/// the browser once the session is known.
pub fn header(lang: Lang) -> String {
    header_at(lang, "/")
}

/// The header on the page at `current` (its link marked as the current page).
pub fn header_at(lang: Lang, current: &str) -> String {
    let here = |href: &str| {
        if href == current {
            " aria-current=\"page\""
        } else {
            ""
        }
    };
    let mut h = String::with_capacity(2048);
    let _ = write!(
        h,
        "<header class=\"site-header\"><div class=\"container header-row\">\
         <a href=\"/\" class=\"site-name\"{home_here}>{name}</a>\
         <a href=\"/chat\" class=\"chat-button\">{chat}</a><span id=\"bell-slot\"></span>\
         <button type=\"button\" class=\"menu-button\" aria-controls=\"site-menu\" aria-expanded=\"false\">{menu}</button>\
         </div><div id=\"site-menu\" class=\"container site-menu\"><nav aria-label=\"{nav}\"><ul class=\"nav\">\
         <li class=\"nav-home\"><a href=\"/\"{home_here}>{home}</a></li>",
        home_here = here("/"),
        name = t(lang, Site::SiteName),
        chat = t(lang, Site::NavChat),
        menu = t(lang, Site::NavMenu),
        nav = t(lang, Site::NavLabel),
        home = t(lang, Site::NavHome),
    );
    for (href, key) in [
        ("/submit", Site::NavSubmit),
        ("/status", Site::NavStatus),
        ("/faq", Site::NavKnowledge),
        ("/contacts", Site::NavContacts),
    ] {
        let _ = write!(
            h,
            "<li><a href=\"{href}\"{}>{}</a></li>",
            here(href),
            t(lang, key)
        );
    }
    let _ = write!(
        h,
        "<li class=\"nav-account\"><a href=\"/signin\">{}</a></li></ul></nav><div class=\"prefs\">\
         <div class=\"toggle\" role=\"group\" aria-label=\"{}\">",
        t(lang, Site::NavSignin),
        t(lang, Site::PrefsLanguage),
    );
    for (l, short, full) in [(Lang::Ru, "RU", "Русский"), (Lang::En, "EN", "English")] {
        let _ = write!(
            h,
            "<button type=\"button\" class=\"toggle-button\" lang=\"{code}\" data-lang=\"{code}\" \
             aria-pressed=\"{pressed}\" aria-label=\"{short} — {full}\">{short}</button>",
            code = l.code(),
            pressed = l == lang,
        );
    }
    let _ = write!(
        h,
        "</div><div class=\"toggle\" role=\"group\" aria-label=\"{}\">",
        t(lang, Site::PrefsFont)
    );
    let labels = [
        Site::PrefsFontNormal,
        Site::PrefsFontLarge,
        Site::PrefsFontHuge,
    ];
    for (i, (step, label)) in FONT_STEPS.iter().zip(labels).enumerate() {
        // Pressed as the page is drawn: the module corrects it from the stored choice.
        let _ = write!(
            h,
            "<button type=\"button\" class=\"toggle-button font-{i}\" data-font=\"{step}\" \
             aria-pressed=\"{}\" aria-label=\"A — {}\">A</button>",
            i == 0,
            t(lang, label),
        );
    }
    h.push_str("</div></div></div></header>");
    h
}

pub fn footer(lang: Lang) -> String {
    let mut f = format!(
        "<footer class=\"site-footer\"><div class=\"container\"><p>{}: ",
        t(lang, Site::FooterHotline)
    );
    for (dial, shown) in HOTLINES {
        let _ = write!(f, "<a href=\"tel:{dial}\">{shown}</a> ");
    }
    f.push_str("</p></div></footer>");
    f
}

/// The hotline numbers and the operators' hours by day: the home page's contacts and
/// the contacts page's.
pub fn hotlines_and_hours(lang: Lang) -> String {
    let mut s = format!(
        "<h3>{}</h3><ul class=\"hotlines\">",
        t(lang, Site::HomeHotline)
    );
    for (dial, shown) in HOTLINES {
        let _ = write!(s, "<li><a href=\"tel:{dial}\">{shown}</a></li>");
    }
    let _ = write!(
        s,
        "</ul><h3>{}</h3><dl class=\"hours\">",
        t(lang, Site::HomeHours)
    );
    let labels = [
        Site::HomeHoursWeekdays,
        Site::HomeHoursSaturday,
        Site::HomeHoursSunday,
    ];
    for ((_, _, open, close), key) in OPERATOR_HOURS.iter().zip(labels) {
        let _ = write!(
            s,
            "<div><dt>{}</dt><dd>{open}–{close}</dd></div>",
            t(lang, key)
        );
    }
    s.push_str("</dl>");
    s
}

/// The home page's content (inside `<main>`).
pub fn home(lang: Lang) -> String {
    let mut s = format!(
        "<h1>{title}</h1><p class=\"lead\">{lead}</p>\
         <section aria-labelledby=\"search-title\" class=\"home-search\"><h2 id=\"search-title\">{kb}</h2>\
         <form role=\"search\" class=\"faq-search\" action=\"/faq\" method=\"get\">\
         <label for=\"faq-search\" class=\"label\">{label}</label><p id=\"faq-search-hint\" class=\"hint\">{hint}</p>\
         <input id=\"faq-search\" name=\"q\" type=\"search\" class=\"input\" autocomplete=\"off\" maxlength=\"{max}\" aria-describedby=\"faq-search-hint\"></form>\
         <p id=\"faq-status\" role=\"status\" class=\"visually-hidden\"></p><p id=\"faq-waiting\" class=\"hint\" role=\"status\" hidden></p>\
         <div id=\"faq-results\"></div></section>\
         <section aria-labelledby=\"actions-title\"><h2 id=\"actions-title\">{actions}</h2><ul class=\"actions\">",
        title = t(lang, Site::HomeTitle),
        lead = t(lang, Site::HomeLead),
        kb = t(lang, Site::NavKnowledge),
        label = t(lang, Site::SearchLabel),
        hint = t(lang, Site::SearchHint),
        max = QUERY_MAX,
        actions = t(lang, Site::HomeActions),
    );
    for (href, class, title, hint) in [
        (
            "/submit",
            "action action-primary",
            Site::HomeActionSubmit,
            Site::HomeActionSubmitHint,
        ),
        (
            "/status",
            "action",
            Site::HomeActionStatus,
            Site::HomeActionStatusHint,
        ),
        (
            "/my",
            "action",
            Site::HomeActionMine,
            Site::HomeActionMineHint,
        ),
        (
            "/appointments",
            "action",
            Site::HomeActionBook,
            Site::HomeActionBookHint,
        ),
    ] {
        let _ = write!(
            s,
            "<li><a href=\"{href}\" class=\"{class}\"><span class=\"action-title\">{}</span>\
             <span class=\"action-hint\">{}</span></a></li>",
            t(lang, title),
            t(lang, hint)
        );
    }
    let _ = write!(
        s,
        "</ul></section><section aria-labelledby=\"categories-title\"><h2 id=\"categories-title\">{}</h2><ul class=\"categories\">",
        t(lang, Site::HomeCategories)
    );
    // A topic opens its answers; the form is one tap from there.
    for c in Category::ALL {
        let _ = write!(
            s,
            "<li><a href=\"/faq/{}\">{}</a></li>",
            c.code(),
            esc(c.title(lang))
        );
    }
    let _ = write!(
        s,
        "</ul></section><section aria-labelledby=\"contacts-title\" class=\"contacts\"><h2 id=\"contacts-title\">{}</h2>\
         {}<p class=\"hint\">{}</p><p><a href=\"/contacts\">{}</a></p></section>",
        t(lang, Site::HomeContacts),
        hotlines_and_hours(lang),
        t(lang, Site::HomeHoursNote),
        t(lang, Site::ContactsMore),
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_page_is_whole_in_both_languages() {
        for lang in [Lang::Ru, Lang::En] {
            let page = home_page(lang);
            for tag in [
                "header", "main", "footer", "section", "ul", "form", "dl", "a", "li",
            ] {
                let opened = page.matches(&format!("<{tag}>")).count()
                    + page.matches(&format!("<{tag} ")).count();
                let closed = page.matches(&format!("</{tag}>")).count();
                assert_eq!(opened, closed, "<{tag}> balanced in {lang:?}");
            }
            assert!(page.contains(&format!("<h1>{}</h1>", esc(Site::HomeTitle.text(lang)))));
            for c in Category::ALL {
                assert!(page.contains(&format!("href=\"/faq/{}\"", c.code())));
            }
            assert!(page.contains("href=\"tel:+78005553535\""));
            assert!(page.contains(&format!(
                "aria-pressed=\"true\" aria-label=\"{}",
                match lang {
                    Lang::Ru => "RU",
                    Lang::En => "EN",
                }
            )));
        }
        assert!(home_page(Lang::En).contains("How can we help?"));
        assert!(!home_page(Lang::En).contains("Чем мы можем помочь"));
    }
}
