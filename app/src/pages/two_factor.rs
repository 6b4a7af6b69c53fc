//! The staff's second factor in the browser: the code after the password (or a
//! recovery code), setting up an authenticator app (its QR code, the key to type
//! instead, a code to confirm), the recovery codes shown once, and the page that sets
//! one up or confirms the sign-in for sensitive actions (`/staff/two-factor`).

use helpdesk_shared::auth::Me;
use helpdesk_shared::two_factor::{
    Enrolled, Enrolment, StaffCodeRequest, parse_code, parse_recovery,
};
use helpdesk_shared::{FieldError, ProblemCode};
use leptos::prelude::*;
use leptos_router::components::A;

use super::signin::failure_text;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, TextField};
use crate::i18n::{TwoFactor, TwoFactorCount};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// The API names the code `code`; the form's field is `app_code` (its own label).
fn form_name(e: &mut FieldError) {
    if e.field == "code" {
        e.field = "app_code".into();
    }
}

/// A refusal of a code: its fields, the tries left, the lock, or the step's end.
fn refused(state: FormState, banner: Banner, expired: Callback<()>, f: ApiFailure) {
    match f {
        ApiFailure::Problem(pb) if pb.code == ProblemCode::Validation => {
            state.refuse(pb.errors, form_name)
        }
        ApiFailure::Problem(pb) if pb.code == ProblemCode::WrongCode => {
            let left = u64::from(pb.tries_left.unwrap_or(0));
            banner.say_text(move |lang| TwoFactorCount::WrongCode.text(lang, left));
        }
        ApiFailure::Problem(pb) if pb.code == ProblemCode::SecondStepExpired => expired.run(()),
        f => banner.say_text(move |lang| failure_text(lang, &f)),
    }
}

/// The code from the app, or (a link away) a recovery code.
#[component]
pub fn CodeForm(
    #[prop(into)] on_done: Callback<Me>,
    #[prop(into)] on_expired: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let code = RwSignal::new(String::new());
    let recovery = RwSignal::new(String::new());
    let with_recovery = RwSignal::new(false);
    let state = FormState::new();
    let banner = Banner::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let by_recovery = with_recovery.get_untracked();
        let checked = if by_recovery {
            parse_recovery(&recovery.get_untracked()).map(|c| StaffCodeRequest {
                recovery_code: c,
                ..Default::default()
            })
        } else {
            parse_code(&code.get_untracked()).map(|c| StaffCodeRequest {
                code: c,
                ..Default::default()
            })
        };
        let req = match checked {
            Ok(req) => req,
            Err(e) => return state.refuse(vec![e], form_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::post::<_, Me>("/auth/staff/code", &req).await {
                Ok(me) => {
                    code.set(String::new());
                    recovery.set(String::new());
                    on_done.run(me);
                }
                Err(f) => refused(state, banner, on_expired, f),
            }
            state.done();
        });
    };
    let toggle = move |_| {
        with_recovery.update(|r| *r = !*r);
        state.errors.set(Vec::new());
        banner.clear();
    };
    view! {
        <h2>{p.t(TwoFactor::CodeTitle)}</h2>
        <ErrorSummary errors=state.errors.into() order=&["app_code", "recovery_code"] node=state.summary />
        {banner.view()}
        <form novalidate class="narrow" on:submit=submit>
            {move || if with_recovery.get() {
                view! {
                    <TextField name="recovery_code" label=TwoFactor::RecoveryField hint=TwoFactor::RecoveryHint
                        value=recovery error=state.error("recovery_code") autocomplete="off" />
                }.into_any()
            } else {
                view! {
                    <p class="hint">{p.t(TwoFactor::CodeLead)}</p>
                    <TextField name="app_code" label=TwoFactor::CodeField value=code error=state.error("app_code")
                        autocomplete="one-time-code" inputmode="numeric" />
                }.into_any()
            }}
            <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(TwoFactor::CodeSubmit)}</button>
        </form>
        <p>
            <button type="button" class="link-button" on:click=toggle>
                {move || p.t(if with_recovery.get() { TwoFactor::UseApp } else { TwoFactor::UseRecovery })()}
            </button>
        </p>
    }
}

/// Setting up an authenticator: the key is asked for on arrival, shown as a QR code
/// and as text, and confirmed with a code; `on_done` gets the recovery codes.
#[component]
pub fn EnrolForm(
    /// Set up by choice (signed in), not required at sign-in.
    optional: bool,
    #[prop(into)] on_done: Callback<(Vec<String>, Me)>,
    #[prop(into)] on_expired: Callback<()>,
    /// An app is set up already (the page then confirms with a code instead).
    #[prop(into)]
    on_already: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let enrolment = RwSignal::new(None::<Enrolment>);
    let code = RwSignal::new(String::new());
    let state = FormState::new();
    let banner = Banner::new();
    leptos::task::spawn_local(async move {
        match api::post::<_, Enrolment>("/auth/staff/enrol", &serde_json::json!({})).await {
            Ok(e) => enrolment.set(Some(e)),
            Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::AlreadyEnrolled => {
                on_already.run(())
            }
            Err(f) => refused(state, banner, on_expired, f),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let req = match parse_code(&code.get_untracked()) {
            Ok(c) => StaffCodeRequest {
                code: c,
                ..Default::default()
            },
            Err(e) => return state.refuse(vec![e], form_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::post::<_, Enrolled>("/auth/staff/enrol/confirm", &req).await {
                Ok(done) => on_done.run((done.recovery_codes, done.me)),
                Err(f) => refused(state, banner, on_expired, f),
            }
            state.done();
        });
    };
    let key_part = move || {
        enrolment.get().map(|e| {
            let src = format!(
                "data:image/svg+xml;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&e.qr_svg))
            );
            view! {
                <p>{p.t(TwoFactor::EnrolScan)}</p>
                <img class="qr" src=src alt=move || p.t(TwoFactor::EnrolQrAlt)() width="220" height="220" />
                <p>{p.t(TwoFactor::EnrolKeyIntro)}</p>
                <dl class="facts">
                    <dt>{p.t(TwoFactor::EnrolKey)}</dt>
                    <dd><code class="secret-key">{e.key}</code></dd>
                    <dt>{p.t(TwoFactor::EnrolAccount)}</dt>
                    <dd>{format!("{} ({})", e.account, e.issuer)}</dd>
                </dl>
                <ErrorSummary errors=state.errors.into() order=&["app_code"] node=state.summary />
                <form novalidate class="narrow" on:submit=submit>
                    <TextField name="app_code" label=TwoFactor::CodeField hint=TwoFactor::EnrolConfirm value=code
                        error=state.error("app_code") autocomplete="one-time-code" inputmode="numeric" />
                    <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(TwoFactor::CodeSubmit)}</button>
                </form>
            }
        })
    };
    view! {
        <h2>{p.t(TwoFactor::EnrolTitle)}</h2>
        <p>{p.t(if optional { TwoFactor::EnrolOptionalLead } else { TwoFactor::EnrolLead })}</p>
        <p>{p.t(TwoFactor::EnrolApp)}</p>
        {banner.view()}
        {move || enrolment.with(Option::is_none).then(|| view! {
            <p class="hint" role="status" aria-busy="true">{p.t(TwoFactor::EnrolLoading)}</p>
        })}
        {key_part}
    }
}

/// The ten recovery codes, shown this once, with a file to keep them in.
#[component]
pub fn RecoveryCodes(codes: Vec<String>, #[prop(into)] on_continue: Callback<()>) -> impl IntoView {
    let p = use_prefs();
    let list = codes.clone();
    let file = move || {
        let lang = p.lang.get();
        let text = format!(
            "{}\n\n{}\n",
            TwoFactor::RecoveryFileHead.text(lang),
            codes.join("\n")
        );
        format!(
            "data:text/plain;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(&text))
        )
    };
    view! {
        <h2>{p.t(TwoFactor::RecoveryTitle)}</h2>
        <p>{p.t(TwoFactor::RecoveryLead)}</p>
        <ol class="recovery-codes">
            {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ol>
        <p><a class="button button-secondary" href=file download="helpdesk-recovery-codes.txt">{p.t(TwoFactor::RecoveryDownload)}</a></p>
        <button type="button" class="button" on:click=move |_| on_continue.run(())>{p.t(TwoFactor::RecoverySaved)}</button>
    }
}

/// What the page shows.
#[derive(Clone, PartialEq)]
enum Mode {
    Enrol,
    Confirm,
    Codes(Vec<String>),
    Done(TwoFactor),
}

/// `/staff/two-factor`: a signed-in staff member sets up an app (if none), or confirms
/// the sign-in with a code (for sensitive actions, 12 hours after).
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(TwoFactor::PageTitle);
    let session = use_session();
    let mode = RwSignal::new(Mode::Enrol);
    let expired = move |_| {
        let _ = window().location().set_href("/staff/signin");
    };
    move || match mode.get() {
        Mode::Enrol => view! {
            <h1>{p.t(TwoFactor::PageTitle)}</h1>
            <EnrolForm optional=true
                on_done=move |(codes, me): (Vec<String>, Me)| {
                    session.me.set(Some(Some(me)));
                    mode.set(Mode::Codes(codes));
                }
                on_expired=expired
                on_already=move |_| mode.set(Mode::Confirm) />
        }
        .into_any(),
        Mode::Confirm => view! {
            <h1>{p.t(TwoFactor::ConfirmTitle)}</h1>
            <p>{p.t(TwoFactor::ConfirmLead)}</p>
            <CodeForm
                on_done=move |me: Me| {
                    session.me.set(Some(Some(me)));
                    mode.set(Mode::Done(TwoFactor::Confirmed));
                }
                on_expired=expired />
        }
        .into_any(),
        Mode::Codes(codes) => view! {
            <h1>{p.t(TwoFactor::PageTitle)}</h1>
            <RecoveryCodes codes on_continue=move |_| mode.set(Mode::Done(TwoFactor::Done)) />
        }
        .into_any(),
        Mode::Done(said) => view! {
            <h1>{p.t(TwoFactor::PageTitle)}</h1>
            <div class="banner banner-done" role="status">{p.t(said)}</div>
            <p><A href="/staff">{p.t(TwoFactor::Back)}</A></p>
        }
        .into_any(),
    }
}
