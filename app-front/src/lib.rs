//! The home page in the browser, and the citizens' whole first load: `index.html`
//! arrives with the page already drawn in Russian (the build runs `page("ru")` of this
//! module in node), so it paints before any wasm has loaded; this module then makes it
//! work. No Leptos: the page is a string from `helpdesk-app-site`, the events are
//! handled on the document, and every other page is the Leptos app's (`app.html`) or
//! the request form's (`submit.html`, its own module, `app-form`), reached by ordinary
//! links.
//!
//! What it does: the header (`shell`, which the form's module shares), and the search
//! box, which loads the knowledge base's module on first touch and searches as the
//! citizen types (Enter opens the FAQ page with the question, also without script).
//! Built without its default feature `module` it is a library of the shell only (the
//! form's module links it so, without this module's exports).

#[cfg(feature = "module")]
mod home;
pub mod net;
pub mod shell;
