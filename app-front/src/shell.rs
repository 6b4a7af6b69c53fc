//! What every pre-rendered page shares (the home page and the request form): the
//! header made to work — the menu button, the language and text-size buttons, the skip
//! link, who is signed in (the account's link, sign-out, the bell with its count) — and
//! the page drawn again in English when that was chosen (the choice is kept in
//! localStorage, as the Leptos app keeps it).

use std::cell::Cell;

use helpdesk_app_site::{ARRIVAL_KEY, FONT_KEY, FONT_STEPS, LANG_KEY, Site, esc};
use helpdesk_shared::Lang;
use helpdesk_shared::notice::UNREAD_MAX;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use crate::net;

/// A pre-rendered page: its body and title in a language, and what to do once it was
/// drawn again (in the other language).
#[derive(Clone, Copy)]
pub struct Page {
    pub body: fn(Lang) -> String,
    pub title: fn(Lang) -> String,
    pub redrawn: fn(&Document),
}

/// The names `GET /auth/session` (`SessionState`) and `GET /my/notifications/unread`
/// (`UnreadCount`) answer with, as read here.
pub(crate) const ME: &str = "me";
pub(crate) const KIND: &str = "kind";
pub(crate) const CITIZEN: &str = "citizen";
pub(crate) const STAFF: &str = "staff";
pub(crate) const UNREAD: &str = "unread";

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
    static PAGE: Cell<Option<Page>> = const { Cell::new(None) };
}

/// Makes the page's header work: draws the page in English if that was chosen, sets
/// the text size, listens to the header, asks who is signed in.
pub fn start(page: Page) {
    PAGE.set(Some(page));
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
    if arrived() {
        focus(&doc, "main h1");
    }
    wasm_bindgen_futures::spawn_local(ask_session());
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Whether another page of the site sent the citizen here (`ARRIVAL_KEY`); forgets it.
fn arrived() -> bool {
    let Some(s) = session_storage() else {
        return false;
    };
    let set = s.get_item(ARRIVAL_KEY).ok().flatten().is_some();
    let _ = s.remove_item(ARRIVAL_KEY);
    set
}

/// Says that the page about to load is arrived at from this one.
pub fn mark_arrival() {
    if let Some(s) = session_storage() {
        let _ = s.set_item(ARRIVAL_KEY, "1");
    }
}

/// The language the page is drawn in.
pub fn lang() -> Lang {
    LANG.get()
}

pub fn lang_of(code: &str) -> Lang {
    if code == "en" { Lang::En } else { Lang::Ru }
}

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Draws the page in `lang`, with what is known of the session and the font.
fn draw(doc: &Document, lang: Lang) {
    let Some(page) = PAGE.get() else { return };
    if let Some(body) = doc.body() {
        body.set_inner_html(&(page.body)(lang));
    }
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    doc.set_title(&(page.title)(lang));
    LANG.set(lang);
    show_session(doc);
}

/// A value the Leptos app stored (JSON) under `key`.
pub fn stored(key: &str) -> Option<JsValue> {
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

pub fn store(key: &str, value: &JsValue) {
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

pub fn each(doc: &Document, selector: &str, mut f: impl FnMut(Element)) {
    if let Ok(list) = doc.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                f(el);
            }
        }
    }
}

pub fn by_id(doc: &Document, id: &str) -> Option<Element> {
    doc.get_element_by_id(id)
}

/// The header's listener, on the document: the page can be drawn again (in the other
/// language) without wiring anything again.
fn listen(doc: &Document) {
    let click = Closure::<dyn Fn(web_sys::Event)>::new(on_click);
    let _ = doc.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    // For the page's lifetime.
    click.forget();
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
            if let Some(page) = PAGE.get() {
                (page.redrawn)(&doc);
            }
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

pub fn focus(doc: &Document, selector: &str) {
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
pub(crate) fn bell(unread: u32, lang: Lang) -> String {
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
