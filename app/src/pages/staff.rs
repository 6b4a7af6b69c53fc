//! Staff sign-in and the workspace's landing page.

use helpdesk_shared::FieldError;
use helpdesk_shared::auth::{Me, Role, StaffSignInRequest};
use helpdesk_shared::two_factor::{SecondFactor, SecondStep};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use super::admin::AdminHome;
use super::queue::Queue;
use super::signin::failure_text;
use super::two_factor::{CodeForm, EnrolForm, RecoveryCodes};
use crate::api;
use crate::banner::Banner;
use crate::form::{ErrorSummary, TextField, error_for, focus_after_render};
use crate::i18n::{Account, Admin, Key, Reports, Site, TwoFactor, Workspace};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// What a right password answers: signed in, or the second step that is due.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum PasswordAnswer {
    Step(SecondStep),
    Me(Me),
}

/// Where the sign-in is.
#[derive(Clone, PartialEq)]
enum Stage {
    Password,
    Second(SecondFactor),
    Codes(Vec<String>, Me),
}

#[component]
pub fn StaffSignIn() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Account::StaffSigninTitle);
    let session = use_session();
    let stage = RwSignal::new(Stage::Password);
    let expired = RwSignal::new(false);
    let navigate = use_navigate();
    let signed_in = Callback::new(move |me: Me| {
        session.me.set(Some(Some(me)));
        navigate("/staff", Default::default());
    });
    let restart = move |_| {
        expired.set(true);
        stage.set(Stage::Password);
    };
    move || {
        match stage.get() {
        Stage::Password => view! {
            <h1>{p.t(Account::StaffSigninTitle)}</h1>
            {move || expired.get().then(|| view! { <div class="banner" role="status">{p.t(TwoFactor::StepExpired)}</div> })}
            <PasswordForm stage signed_in />
        }
        .into_any(),
        Stage::Second(SecondFactor::Code) => view! {
            <h1>{p.t(Account::StaffSigninTitle)}</h1>
            <CodeForm on_done=signed_in on_expired=restart />
        }
        .into_any(),
        Stage::Second(SecondFactor::Enrol) => view! {
            <h1>{p.t(Account::StaffSigninTitle)}</h1>
            <EnrolForm optional=false
                on_done=move |(codes, me): (Vec<String>, Me)| stage.set(Stage::Codes(codes, me))
                on_expired=restart
                on_already=move |_| stage.set(Stage::Second(SecondFactor::Code)) />
        }
        .into_any(),
        Stage::Codes(codes, me) => view! {
            <h1>{p.t(Account::StaffSigninTitle)}</h1>
            <RecoveryCodes codes on_continue=move |_| signed_in.run(me.clone()) />
        }
        .into_any(),
    }
    }
}

/// Login and password; a right one signs in or leads to the second step.
#[component]
fn PasswordForm(stage: RwSignal<Stage>, signed_in: Callback<Me>) -> impl IntoView {
    let p = use_prefs();
    let session = use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let banner = Banner::new();
    let busy = RwSignal::new(false);
    let summary = NodeRef::<leptos::html::Div>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let (l, pw) = (login.get_untracked(), password.get_untracked());
        let missing: Vec<FieldError> = [("login", &l), ("password", &pw)]
            .into_iter()
            .filter(|(_, v)| v.trim().is_empty())
            .map(|(f, _)| FieldError::new(f, helpdesk_shared::FieldCode::Required))
            .collect();
        errors.set(missing.clone());
        if !missing.is_empty() {
            focus_after_render(summary);
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let req = StaffSignInRequest {
                login: l,
                password: pw,
            };
            match api::post::<_, PasswordAnswer>("/auth/staff", &req).await {
                Ok(PasswordAnswer::Me(me)) => {
                    password.set(String::new());
                    signed_in.run(me);
                }
                Ok(PasswordAnswer::Step(step)) => {
                    password.set(String::new());
                    stage.set(Stage::Second(step.second_factor));
                }
                Err(f) => banner.say_text(move |lang| failure_text(lang, &f)),
            }
            busy.set(false);
        });
    };
    view! {
        {move || session.citizen().then(|| view! { <div class="banner" role="status">{p.t(Account::StaffCitizen)}</div> })}
        <ErrorSummary errors=errors.into() order=&["login", "password"] node=summary />
        {banner.view()}
        <form novalidate class="narrow" on:submit=submit>
            <TextField name="login" label=Account::StaffLogin value=login error=error_for(errors.into(), "login") autocomplete="username" />
            <TextField name="password" label=Account::StaffPassword value=password error=error_for(errors.into(), "password") input_type="password" autocomplete="current-password" />
            <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Account::StaffSubmit)}</button>
        </form>
    }
}

/// The workspace's start: who is signed in, and the queue (the admin's page for admins).
#[component]
pub fn StaffHome() -> impl IntoView {
    let p = use_prefs();
    let session = use_session();
    crate::page::title_with(move |lang| {
        let admin = matches!(
            session.me.get(),
            Some(Some(Me::Staff {
                role: Role::Admin,
                ..
            }))
        );
        if admin {
            Admin::Title.text(lang)
        } else {
            Workspace::QueueTitle.text(lang)
        }
        .to_owned()
    });
    let sign_out = move |everywhere: bool| {
        leptos::task::spawn_local(async move {
            session.sign_out(everywhere, "/staff/signin").await;
        });
    };
    move || {
        match session.me.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Some(Me::Staff {
                name,
                role,
                department,
                ..
            })) => {
                // Admins keep the service's settings and read the audit trail; they do not
                // work requests (the server refuses them the queue).
                let admin = role == Role::Admin;
                view! {
                <div class="workspace-head">
                    <h1>{p.t(if admin { Key::from(Admin::Title) } else { Key::from(Workspace::QueueTitle) })}</h1>
                    <p class="meta">
                        <strong>{name}</strong>" · "{move || role.title(p.lang.get())}
                        {department.map(|d| view! { " · "{move || d.title(p.lang.get())} })}
                    </p>
                    <p class="head-links">
                        {matches!(role, Role::Operator | Role::Specialist | Role::Supervisor).then(|| view! {
                            <A href="/staff/chats">{p.t(Workspace::ChatsTitle)}</A>
                        })}
                        {matches!(role, Role::Operator | Role::Supervisor).then(|| view! {
                            <A href="/staff/appointments">{p.t(Workspace::DayTitle)}</A>
                        })}
                        {matches!(role, Role::Supervisor | Role::Admin).then(|| view! {
                            <A href="/staff/reports">{p.t(Reports::Open)}</A>
                        })}
                        <A href="/staff/two-factor">{p.t(TwoFactor::Link)}</A>
                    </p>
                </div>
                {if admin { view! { <AdminHome /> }.into_any() } else { view! { <Queue /> }.into_any() }}
                <div class="button-row">
                    <button type="button" class="button button-secondary" on:click=move |_| sign_out(false)>{p.t(Site::MineSignout)}</button>
                    <button type="button" class="link-button" on:click=move |_| sign_out(true)>{p.t(Account::MineSignoutAll)}</button>
                </div>
            }.into_any()
            }
            Some(_) => view! { <Redirect path="/staff/signin" /> }.into_any(),
        }
    }
}
