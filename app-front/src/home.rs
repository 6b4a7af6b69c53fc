//! The home page's module proper: its exports (`page` for the build, `boot` for the
//! boot script) and the search box.

use std::cell::{Cell, RefCell};

use helpdesk_app_site::{Site, home_page, home_title};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::shell::{self, by_id, document};

thread_local! {
    /// The knowledge base's module once loaded with the articles.
    static SEARCH: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static SEARCH_STARTED: Cell<bool> = const { Cell::new(false) };
}

/// The home page's body in `lang` ("ru" or "en"): what the build writes into
/// `index.html`.
#[wasm_bindgen]
pub fn page(lang: &str) -> String {
    home_page(shell::lang_of(lang))
}

/// Makes the pre-rendered page work; the boot script calls it once the module is in.
#[wasm_bindgen]
pub fn boot() {
    shell::start(shell::Page {
        body: home_page,
        title: |lang| home_title(lang).to_owned(),
        redrawn: reattach_search,
    });
    if let Some(doc) = document() {
        listen_search(&doc);
    }
}

/// The search box's first touch loads the knowledge base's module; on the document, so
/// a page drawn again needs no new listener.
fn listen_search(doc: &Document) {
    let touch = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let on_box = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|e| e.id() == "faq-search");
        if on_box {
            start_search();
        }
    });
    for kind in ["focusin", "input"] {
        let _ = doc.add_event_listener_with_callback(kind, touch.as_ref().unchecked_ref());
    }
    touch.forget();
}

/// Loads the knowledge base's module (the boot script's `helpdeskSearch()`) with the
/// published articles, once; the box searches as the citizen types from then on.
fn start_search() {
    if SEARCH_STARTED.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        waiting(Some(Site::SearchLoading));
        match crate::net::load_search().await {
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
            el.set_text_content(Some(key.text(shell::lang())));
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
            crate::net::call(
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
