//! The modules the boot script imports on first use (`app/bundle.mjs`): the knowledge
//! base's (`helpdeskSearch()`) and the chat's (`helpdeskChat()`). The app calls their
//! exports by name with strings and elements, so it links none of their code.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::ApiFailure;

/// Imports a module through the boot script's `loader` (once per page load; again
/// after a failure): its exports.
pub async fn import(loader: &str) -> Result<JsValue, ApiFailure> {
    let promise = Reflect::get(&js_sys::global(), &loader.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&JsValue::NULL).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok())
        .ok_or(ApiFailure::Unreadable(0))?;
    JsFuture::from(promise).await.map_err(|e| {
        leptos::logging::warn!("{loader}: the module did not load: {e:?}");
        ApiFailure::Network
    })
}

/// A module's export, if it has one by that name.
pub fn exported(module: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(module, &name.into()).ok()?.dyn_into().ok()
}

/// Calls a module's export with `args`; its answer.
pub fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    exported(module, name)?
        .apply(&JsValue::NULL, &args.iter().collect::<Array>())
        .ok()
}
