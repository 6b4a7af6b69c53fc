//! The reader's preferences (language, text size), remembered in localStorage, and small
//! storage helpers.

use helpdesk_shared::Lang;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub fn local_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let storage = window().local_storage().ok().flatten()?;
    let raw = storage.get_item(key).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

/// Best effort: private browsing may refuse storage, which must not break the page.
pub fn local_set<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(raw)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(value),
    ) {
        let _ = storage.set_item(key, &raw);
    }
}

pub fn session_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let storage = window().session_storage().ok().flatten()?;
    serde_json::from_str(&storage.get_item(key).ok().flatten()?).ok()
}

pub use helpdesk_app_site::FONT_STEPS;
use helpdesk_app_site::{FONT_KEY, LANG_KEY};

#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub font: RwSignal<u16>,
}

impl Prefs {
    /// Reads the stored preferences and keeps the document (and storage) in step.
    pub fn init() -> Prefs {
        let lang = local_get::<Lang>(LANG_KEY).unwrap_or_default();
        let font = local_get::<u16>(FONT_KEY)
            .filter(|f| FONT_STEPS.contains(f))
            .unwrap_or(100);
        let prefs = Prefs {
            lang: RwSignal::new(lang),
            font: RwSignal::new(font),
        };
        Effect::new(move |_| {
            let lang = prefs.lang.get();
            local_set(LANG_KEY, &lang);
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
        });
        Effect::new(move |_| {
            let font = prefs.font.get();
            local_set(FONT_KEY, &font);
            // Through the CSSOM, which the CSP allows (no inline style attribute).
            if let Some(root) = document().document_element() {
                use wasm_bindgen::JsCast;
                if let Ok(el) = root.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.style().set_property("font-size", &format!("{font}%"));
                }
            }
        });
        prefs
    }

    /// The text of `key` in the chosen language, as a reactive closure for views.
    pub fn t<K: Into<crate::i18n::Key>>(
        self,
        key: K,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static + use<K> {
        let lang = self.lang;
        let key = key.into();
        move || key.text(lang.get())
    }
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}
