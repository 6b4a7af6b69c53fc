//! Citizen sign-in: a phone or e-mail, then the one-time code sent to it.

use std::time::Duration;

use helpdesk_shared::ProblemCode;
use helpdesk_shared::auth::{CodeRequest, CodeSent, Contact, Me, VerifyCodeRequest};
use helpdesk_shared::{FieldCode, FieldError, Problem};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiFailure};
use crate::banner::{Banner, rate_text};
use crate::form::{ErrorSummary, FormState, TextField, error_for, focus_by_id, same_name};
use crate::i18n::t;
use crate::i18n::{Account, AccountCount, Site};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// What to say about a refused sign-in call, in the person's language.
pub fn failure_text(lang: helpdesk_shared::Lang, failure: &ApiFailure) -> String {
    let pb: &Problem = match failure {
        ApiFailure::Network => return t(lang, Site::ErrorsNetwork).to_owned(),
        ApiFailure::Unreadable(_) => return t(lang, Site::ErrorsServer).to_owned(),
        ApiFailure::Problem(pb) => pb,
    };
    let wait = pb.retry_after.unwrap_or(60);
    match pb.code {
        ProblemCode::WrongCode => {
            AccountCount::SigninWrongCode.text(lang, pb.tries_left.unwrap_or(0).into())
        }
        ProblemCode::WrongCredentials => {
            AccountCount::StaffWrong.text(lang, pb.tries_left.unwrap_or(0).into())
        }
        ProblemCode::CodeExpired => t(lang, Account::SigninCodeExpired).to_owned(),
        ProblemCode::Locked => AccountCount::SigninLocked.text(lang, wait.div_ceil(60)),
        ProblemCode::CodeTooSoon => AccountCount::SigninTooSoon.text(lang, wait),
        ProblemCode::RateLimited => rate_text(lang, pb.retry_after),
        _ => t(lang, Site::ErrorsServer).to_owned(),
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Account::SigninTitle);
    let session = use_session();
    let contact = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The code went out: to which channel, to whom (masked).
    let sent = RwSignal::new(None::<CodeSent>);
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let resend_in = RwSignal::new(0u64);
    let navigate = use_navigate();
    // Where to go once signed in: the page that sent the citizen here (`?next=/…`, a path
    // of this site only), or "My requests".
    let next = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/my".to_owned());

    // One countdown for the whole page; it only ever counts down to zero.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if resend_in.get_untracked() > 0 {
                resend_in.update(|s| *s -= 1);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let ask = move || {
        banner.clear();
        let value = contact.get_untracked();
        if let Err(e) = Contact::parse(&value) {
            return state.refuse(vec![e.at("contact")], same_name);
        }
        if !state.start() {
            return;
        }
        let req = CodeRequest {
            contact: value,
            language: Some(p.lang.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, CodeSent>("/auth/code", &req).await {
                Ok(s) => {
                    resend_in.set(s.resend_in.into());
                    code.set(String::new());
                    sent.set(Some(s));
                    // The contact form is gone; the code is what to type next.
                    request_animation_frame(|| focus_by_id("field-code"));
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                Err(f) => {
                    if let ApiFailure::Problem(pb) = &f
                        && pb.code == ProblemCode::CodeTooSoon
                    {
                        resend_in.set(pb.retry_after.unwrap_or(60));
                    }
                    banner.say_text(move |lang| failure_text(lang, &f));
                }
            }
            state.done();
        });
    };

    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let value = code.get_untracked().trim().to_owned();
        if value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
            let code = if value.is_empty() {
                FieldCode::Required
            } else {
                FieldCode::SignInCodeFormat
            };
            return state.refuse(vec![FieldError::new("code", code)], same_name);
        }
        if !state.start() {
            return;
        }
        let req = VerifyCodeRequest {
            contact: contact.get_untracked(),
            code: value,
        };
        let (navigate, next) = (navigate.clone(), next.clone());
        leptos::task::spawn_local(async move {
            match api::post::<_, Me>("/auth/verify", &req).await {
                Ok(me) => {
                    session.me.set(Some(Some(me)));
                    navigate(&next, Default::default());
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                Err(f) => banner.say_text(move |lang| failure_text(lang, &f)),
            }
            state.done();
        });
    };

    let contact_step = move || {
        view! {
            <form novalidate class="narrow" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <TextField name="contact" label=Account::SigninContact hint=Account::SigninContactHint value=contact
                    error=error_for(errors.into(), "contact") autocomplete="username" />
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Account::SigninSend)}</button>
            </form>
        }
    };

    let code_step = move |s: CodeSent, verify: Box<dyn Fn(leptos::ev::SubmitEvent)>| {
        let to_key = if s.channel == "sms" {
            Account::SigninSentSms
        } else {
            Account::SigninSentEmail
        };
        view! {
            <p class="banner banner-success" role="status">{p.t(to_key)}" "<strong>{s.to.clone()}</strong></p>
            <form novalidate class="narrow" on:submit=verify>
                <TextField name="code" label=Account::SigninCode hint=Account::SigninCodeHint value=code
                    error=error_for(errors.into(), "code") inputmode="numeric" autocomplete="one-time-code" />
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Account::SigninSubmit)}</button>
            </form>
            <p>
                {move || if resend_in.get() > 0 {
                    view! { <span class="meta">{AccountCount::SigninResendIn.text(p.lang.get(), resend_in.get())}</span> }.into_any()
                } else {
                    view! { <button type="button" class="link-button" on:click=move |_| ask()>{p.t(Account::SigninResend)}</button> }.into_any()
                }}
            </p>
            <p><button type="button" class="link-button" on:click=move |_| {
                sent.set(None);
                banner.clear();
                errors.set(Vec::new());
                request_animation_frame(|| focus_by_id("field-contact"));
            }>{p.t(Account::SigninChange)}</button></p>
        }
    };

    view! {
        <h1>{p.t(Account::SigninTitle)}</h1>
        <p class="lead">{p.t(Account::SigninLead)}</p>
        <ErrorSummary errors=errors.into() order=&["contact", "code"] node=summary />
        {banner.view()}
        {move || match sent.get() {
            None => contact_step().into_any(),
            Some(s) => code_step(s, Box::new(verify.clone())).into_any(),
        }}
        <p class="meta"><A href="/staff/signin" attr:class="tap-target">{p.t(Account::SigninStaffLink)}</A></p>
    }
}
