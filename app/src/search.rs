//! The knowledge base in the browser: a wasm module of its own (`app-search`: the
//! search engine, the FAQ pages and their vote) that the boot script's `helpdeskSearch()`
//! imports on first use, given the published articles as they came from
//! `GET /api/v1/faq` (the HTTP cache and the ETag keep that cheap). The first load of
//! the home page carries none of it.

use std::cell::RefCell;

use helpdesk_shared::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::{self, ApiFailure};
use crate::i18n::Site;
use crate::lazy;

thread_local! {
    /// The module's exports, once loaded with the articles.
    static ENGINE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Where the module stands, for the pages to track. One `u32` signal rather than an
/// enum: every new signal type costs the first load about a kilobyte of reactive code.
const IDLE: u32 = 0;
const LOADING: u32 = 1;
const READY: u32 = 2;
const NO_NETWORK: u32 = 3;
const BROKEN: u32 = 4;

/// The app's one engine (in the context, from `App`), so pages that want it at once
/// share one load: one fetch of the articles, one import.
#[derive(Clone, Copy)]
pub struct Engine(RwSignal<u32>);

pub fn use_engine() -> Engine {
    expect_context()
}

impl Engine {
    /// An engine not loaded yet (`start` loads it).
    pub fn new() -> Engine {
        Engine(RwSignal::new(IDLE))
    }

    /// Starts loading the module (once per page load; again after a failure). Loads
    /// under way are not started twice.
    pub fn start(self) -> Engine {
        if matches!(self.0.get_untracked(), IDLE | NO_NETWORK | BROKEN) {
            self.0.set(LOADING);
            leptos::task::spawn_local(async move {
                self.0.set(match load().await {
                    Ok(()) => READY,
                    Err(ApiFailure::Network) => NO_NETWORK,
                    Err(_) => BROKEN,
                });
            });
        }
        self
    }

    pub fn ready(self) -> bool {
        self.0.get() == READY
    }

    /// Whether it has been asked to load.
    pub fn started(self) -> bool {
        self.0.get() != IDLE
    }

    /// Why it could not load, as the page says it.
    pub fn failure(self) -> Option<Site> {
        match self.0.get() {
            NO_NETWORK => Some(Site::ErrorsNetwork),
            BROKEN => Some(Site::ErrorsServer),
            _ => None,
        }
    }

    /// Makes the search box `input` search as the citizen types (results into
    /// `results`, their count into the live region `status`), and shows what it holds
    /// now in the page's language.
    pub fn attach_search(self, els: [&web_sys::Element; 3], limit: usize, full: bool) {
        let [input, results, status] = els;
        self.call(
            "attach_search",
            &[
                input.into(),
                results.into(),
                status.into(),
                limit.into(),
                full.into(),
            ],
        );
    }

    /// The topics that have articles, as HTML.
    pub fn topics(self, lang: Lang) -> String {
        self.call("topics", &[lang.code().into()])
    }

    /// Shows `/faq/<key>` in `root` and makes it work (the vote); its title.
    pub fn show(self, root: &web_sys::Element, key: &str, lang: Lang, query: &str) -> String {
        self.call(
            "show",
            &[root.into(), key.into(), lang.code().into(), query.into()],
        )
    }

    /// One of the module's exports called with `args`: its answer as text; empty until
    /// the module is ready (tracked, so a page shows its content once it is).
    fn call(self, name: &str, args: &[JsValue]) -> String {
        if !self.ready() {
            return String::new();
        }
        ENGINE
            .with_borrow(|m| lazy::call(m.as_ref()?, name, args)?.as_string())
            .unwrap_or_default()
    }
}

/// Imports the module (the boot script's `helpdeskSearch()`) and gives it the articles.
async fn load() -> Result<(), ApiFailure> {
    let articles = api::get_text("/faq").await?;
    let module = lazy::import("helpdeskSearch").await?;
    let loaded = lazy::call(&module, "load", &[articles.into()]).and_then(|v| v.as_bool());
    if loaded != Some(true) {
        return Err(ApiFailure::Unreadable(200));
    }
    ENGINE.set(Some(module));
    Ok(())
}
