//! The home page in the browser, and the citizens' whole first load: `index.html`
//! arrives with the page already drawn in Russian (the build runs `page("ru")` of this
//! module in node), so it paints before any wasm has loaded; this module then makes it
//! work. No Leptos: the page is a string from `helpdesk-app-site`, the events are
//! handled on the document, and every other page is the Leptos app's (`app.html`),
//! reached by ordinary links.
//!
//! What it does: draws the page again in English when that was chosen (the choice is the
//! Leptos app's, in localStorage); the menu button, the language and text-size buttons;
//! who is signed in (the account's link, sign-out, the bell with its count); and the
//! search box, which loads the knowledge base's module on first touch and searches as
//! the citizen types (Enter opens the FAQ page with the question, also without script).

mod net;

use std::cell::{Cell, RefCell};

use helpdesk_app_site::{FONT_KEY, FONT_STEPS, LANG_KEY, Site, esc, home_page, home_title};
use helpdesk_shared::Lang;
use helpdesk_shared::notice::UNREAD_MAX;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

/// The names `GET /auth/session` (`SessionState`) and `GET /my/notifications/unread`
/// (`UnreadCount`) answer with, as read here.
const ME: &str = "me";
const KIND: &str = "kind";
const CITIZEN: &str = "citizen";
const STAFF: &str = "staff";
const UNREAD: &str = "unread";

/// Who the session says is signed in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Unknown,
    Nobody,
    Citizen { unread: u32 },
    Staff,
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Ru) };
    static WHO: Cell<Who> = const { Cell::new(Who::Unknown) };
    /// The knowledge base's module once loaded with the articles.
    static SEARCH: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static SEARCH_STARTED: Cell<bool> = const { Cell::new(false) };
}

/// The home page's body in `lang` ("ru" or "en"): what the build writes into
/// `index.html`.
#[wasm_bindgen]
pub fn page(lang: &str) -> String {
    home_page(lang_of(lang))
}

/// Makes the pre-rendered page work; the boot script calls it once the module is in.
#[wasm_bindgen]
pub fn boot() {
    let Some(doc) = document() else { return };
    let lang = stored_string(LANG_KEY)
        .map(|l| lang_of(&l))
        .unwrap_or_default();
    if lang != Lang::Ru {
        draw(&doc, lang);
    }
    LANG.set(lang);
    set_font(&doc, stored_font());
    listen(&doc);
    wasm_bindgen_futures::spawn_local(ask_session());
}

fn lang_of(code: &str) -> Lang {
    if code == "en" { Lang::En } else { Lang::Ru }
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Draws the page in `lang`, with what is known of the session and the font.
fn draw(doc: &Document, lang: Lang) {
    if let Some(body) = doc.body() {
        body.set_inner_html(&home_page(lang));
    }
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    doc.set_title(home_title(lang));
    LANG.set(lang);
    show_session(doc);
}

/// A value the Leptos app stored (JSON) under `key`.
fn stored(key: &str) -> Option<JsValue> {
    let raw = web_sys::window()?
        .local_storage()
        .ok()
        .flatten()?
        .get_item(key)
        .ok()
        .flatten()?;
    js_sys::JSON::parse(&raw).ok()
}

fn stored_string(key: &str) -> Option<String> {
    stored(key)?.as_string()
}

fn store(key: &str, value: &JsValue) {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    if let (Some(storage), Ok(raw)) = (storage, js_sys::JSON::stringify(value)) {
        // Private browsing may refuse: the choice then lasts the page.
        let _ = storage.set_item(key, &String::from(raw));
    }
}

fn stored_font() -> u16 {
    stored(FONT_KEY)
        .and_then(|f| f.as_f64())
        .map(|f| f as u16)
        .filter(|f| FONT_STEPS.contains(f))
        .unwrap_or(FONT_STEPS[0])
}

fn set_font(doc: &Document, font: u16) {
    if let Some(root) = doc
        .document_element()
        .and_then(|r| r.dyn_into::<HtmlElement>().ok())
    {
        // Through the CSSOM, which the CSP allows (no inline style attribute).
        let _ = root.style().set_property("font-size", &format!("{font}%"));
    }
    each(doc, "[data-font]", |b| {
        let pressed = b.get_attribute("data-font").as_deref() == Some(&font.to_string());
        let _ = b.set_attribute("aria-pressed", &pressed.to_string());
    });
}

fn each(doc: &Document, selector: &str, mut f: impl FnMut(Element)) {
    if let Ok(list) = doc.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                f(el);
            }
        }
    }
}

fn by_id(doc: &Document, id: &str) -> Option<Element> {
    doc.get_element_by_id(id)
}

/// One listener per kind of event, on the document: the page can be drawn again (in the
/// other language) without wiring anything again.
fn listen(doc: &Document) {
    let click = Closure::<dyn Fn(web_sys::Event)>::new(on_click);
    let touch = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let on_box = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|e| e.id() == "faq-search");
        if on_box {
            start_search();
        }
    });
    let _ = doc.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    for kind in ["focusin", "input"] {
        let _ = doc.add_event_listener_with_callback(kind, touch.as_ref().unchecked_ref());
    }
    // For the page's lifetime.
    click.forget();
    touch.forget();
}

fn on_click(ev: web_sys::Event) {
    let Some(doc) = document() else { return };
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let closest = |sel: &str| target.closest(sel).ok().flatten();
    if let Some(b) = closest("[data-lang]") {
        let lang = lang_of(&b.get_attribute("data-lang").unwrap_or_default());
        store(LANG_KEY, &JsValue::from_str(lang.code()));
        if lang != LANG.get() {
            draw(&doc, lang);
            set_font(&doc, stored_font());
            reattach_search(&doc);
            // The button pressed was replaced: keep the keyboard where it was.
            focus(&doc, &format!("[data-lang=\"{}\"]", lang.code()));
        }
    } else if let Some(b) = closest("[data-font]") {
        let font = b
            .get_attribute("data-font")
            .and_then(|f| f.parse::<u16>().ok())
            .filter(|f| FONT_STEPS.contains(f))
            .unwrap_or(FONT_STEPS[0]);
        store(FONT_KEY, &JsValue::from(font));
        set_font(&doc, font);
    } else if let Some(b) = closest(".menu-button") {
        let open = b.get_attribute("aria-expanded").as_deref() != Some("true");
        let _ = b.set_attribute("aria-expanded", &open.to_string());
        if let Some(menu) = by_id(&doc, "site-menu") {
            let _ = menu.class_list().toggle_with_force("open", open);
        }
    } else if closest(".skip-link").is_some() {
        // To the heading, without "#main" in the address.
        ev.prevent_default();
        focus(&doc, "main h1");
    } else if closest(".nav-button").is_some() {
        let to = if WHO.get() == Who::Staff {
            "/staff/signin"
        } else {
            "/"
        };
        wasm_bindgen_futures::spawn_local(async move {
            net::post_empty("/auth/sign-out").await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(to);
            }
        });
    }
}

fn focus(doc: &Document, selector: &str) {
    if let Some(el) = doc
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        if !el.has_attribute("tabindex") && el.tag_name() == "H1" {
            let _ = el.set_attribute("tabindex", "-1");
        }
        let _ = el.focus();
    }
}

/// Asks who is signed in; on no answer, again a little later (three times).
async fn ask_session() {
    for wait in [0, 2_000, 8_000] {
        net::sleep(wait).await;
        if let Some(state) = net::get_json("/auth/session").await {
            // Read as JS values, not with serde_json (30 KiB brotli more on the home page,
            // LCP 1.41 s instead of 1.15 under Lighthouse); the names are held to the
            // contract's types by `the_names_read_are_the_contracts`.
            let me = js_sys::Reflect::get(&state, &ME.into()).unwrap_or(JsValue::NULL);
            let kind = js_sys::Reflect::get(&me, &KIND.into())
                .ok()
                .and_then(|k| k.as_string());
            let who = match kind.as_deref() {
                Some(CITIZEN) => Who::Citizen { unread: 0 },
                Some(STAFF) => Who::Staff,
                _ => Who::Nobody,
            };
            WHO.set(who);
            if let Some(doc) = document() {
                show_session(&doc);
            }
            if who == (Who::Citizen { unread: 0 }) {
                ask_unread().await;
            }
            return;
        }
    }
}

async fn ask_unread() {
    let unread = net::get_json("/my/notifications/unread")
        .await
        .and_then(|n| js_sys::Reflect::get(&n, &UNREAD.into()).ok())
        .and_then(|n| n.as_f64())
        .map_or(0, |n| n as u32);
    if matches!(WHO.get(), Who::Citizen { .. }) {
        WHO.set(Who::Citizen { unread });
        if let Some(doc) = document() {
            show_session(&doc);
        }
    }
}

/// The header for who is signed in, as the Leptos app draws it.
fn show_session(doc: &Document) {
    let lang = LANG.get();
    let who = WHO.get();
    let (href, key) = match who {
        Who::Staff => ("/staff", Site::NavStaff),
        Who::Citizen { .. } => ("/my", Site::NavMine),
        Who::Unknown | Who::Nobody => ("/signin", Site::NavSignin),
    };
    let mut account = format!(
        "<li class=\"nav-account\"><a href=\"{href}\">{}</a></li>",
        esc(key.text(lang))
    );
    if matches!(who, Who::Staff | Who::Citizen { .. }) {
        account.push_str(&format!(
            "<li><button type=\"button\" class=\"nav-button\">{}</button></li>",
            esc(Site::MineSignout.text(lang))
        ));
    }
    if let Some(item) = doc.query_selector("li.nav-account").ok().flatten() {
        // The sign-out item after it, if any, goes with it.
        if let Some(next) = item.next_element_sibling() {
            next.remove();
        }
        item.set_outer_html(&account);
    }
    if who == Who::Staff {
        each(doc, ".chat-button", |b| b.remove());
    }
    if let (Who::Citizen { unread }, Some(slot)) = (who, by_id(doc, "bell-slot")) {
        slot.set_inner_html(&bell(unread, lang));
    }
}

/// The bell: a link to the notification centre, the unread count in its name.
fn bell(unread: u32, lang: Lang) -> String {
    let name = Site::Bell.text(lang);
    let (label, badge) = match unread {
        0 => (name.to_owned(), String::new()),
        n => (
            format!("{name}: {n} {}", Site::BellUnread.text(lang)),
            if n >= UNREAD_MAX {
                format!("<span class=\"badge\">{UNREAD_MAX}+</span>")
            } else {
                format!("<span class=\"badge\">{n}</span>")
            },
        ),
    };
    format!(
        "<a href=\"/notifications\" class=\"bell\" aria-label=\"{}\"><svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" \
         width=\"22\" height=\"22\" focusable=\"false\"><path fill=\"currentColor\" d=\"M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 \
         2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z\"/></svg>{badge}</a>",
        esc(&label)
    )
}

/// Loads the knowledge base's module (the boot script's `helpdeskSearch()`) with the
/// published articles, once; the box searches as the citizen types from then on.
fn start_search() {
    if SEARCH_STARTED.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        waiting(Some(Site::SearchLoading));
        match net::load_search().await {
            Ok(module) => {
                SEARCH.set(Some(module));
                waiting(None);
                if let Some(doc) = document() {
                    reattach_search(&doc);
                }
            }
            Err(failure) => {
                // The next touch of the box tries again.
                SEARCH_STARTED.set(false);
                waiting(Some(failure));
            }
        }
    });
}

/// What the search says while it loads or why it could not (`None`: nothing).
fn waiting(text: Option<Site>) {
    let Some(el) = document().and_then(|d| by_id(&d, "faq-waiting")) else {
        return;
    };
    match text {
        Some(key) => {
            el.set_text_content(Some(key.text(LANG.get())));
            let _ = el.remove_attribute("hidden");
        }
        None => {
            let _ = el.set_attribute("hidden", "");
        }
    }
}

/// Gives the module the page's search box (again after the page was drawn anew).
fn reattach_search(doc: &Document) {
    SEARCH.with_borrow(|module| {
        let Some(module) = module else { return };
        let els = ["faq-search", "faq-results", "faq-status"].map(|id| by_id(doc, id));
        if let [Some(input), Some(results), Some(status)] = els {
            net::call(
                module,
                "attach_search",
                &[
                    input.into(),
                    results.into(),
                    status.into(),
                    JsValue::from(5),
                    JsValue::FALSE,
                ],
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bell_says_how_many_are_unread_up_to_its_cap() {
        assert!(bell(0, Lang::Ru).contains("aria-label=\"Уведомления\""));
        assert!(!bell(0, Lang::Ru).contains("badge"));
        let three = bell(3, Lang::En);
        assert!(
            three.contains("aria-label=\"Notifications: 3 unread\""),
            "{three}"
        );
        assert!(three.contains("<span class=\"badge\">3</span>"));
        assert!(bell(UNREAD_MAX, Lang::Ru).contains(&format!(">{UNREAD_MAX}+</span>")));
    }

    /// The names read from the answers without serde are the ones serde writes.
    #[test]
    fn the_names_read_are_the_contracts() {
        use helpdesk_shared::auth::{Me, Role, SessionState};
        use helpdesk_shared::notice::UnreadCount;
        let citizen = json(&SessionState {
            me: Some(Me::Citizen {
                contact: "+7 *** ***-**-01".into(),
            }),
        });
        assert_eq!(citizen[ME][KIND], CITIZEN);
        let staff = json(&SessionState {
            me: Some(Me::Staff {
                login: "operator".into(),
                name: "Оператор".into(),
                role: Role::Operator,
                department: None,
            }),
        });
        assert_eq!(staff[ME][KIND], STAFF);
        assert!(json(&SessionState { me: None })[ME].is_null());
        assert_eq!(json(&UnreadCount { unread: 7 })[UNREAD], 7);
    }

    fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
        serde_json::to_value(v).expect("serialises")
    }

    #[test]
    fn only_english_is_english() {
        assert_eq!(lang_of("en"), Lang::En);
        for other in ["ru", "", "EN", "de"] {
            assert_eq!(lang_of(other), Lang::Ru);
        }
    }
}
