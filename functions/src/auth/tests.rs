//! Sign-in over the embedded store with a clock the tests move.

use std::sync::Arc;

use helpdesk_shared::Lang;
use helpdesk_shared::auth::{Department, Role};
use time::{Duration, OffsetDateTime};

use super::staff::{self, NewAccount};
use super::*;
use crate::clock::ManualClock;
use crate::notify::{LocalBus, outbox};
use crate::store::RedbStore;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Arc<dyn KvStore>,
    clock: Arc<ManualClock>,
    auth: Auth,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn KvStore> =
        Arc::new(RedbStore::open(&dir.path().join("a.redb")).expect("open"));
    // Close to the real time: the store's TTL filter uses the real clock.
    let clock = Arc::new(ManualClock::new(OffsetDateTime::now_utc()));
    let bus = Arc::new(LocalBus::new(store.clone()));
    let auth = Auth::new(store.clone(), bus, clock.clone());
    Fixture {
        _dir: dir,
        store,
        clock,
        auth,
    }
}

async fn operator(f: &Fixture) -> StaffAccount {
    staff::create(
        f.store.as_ref(),
        NewAccount {
            login: "petrova",
            name: "Петрова Анна",
            role: Role::Operator,
            department: None,
            password: "long enough password",
        },
        f.clock.now(),
    )
    .await
    .expect("create")
}

/// The code in the newest outbox message.
async fn last_code(f: &Fixture) -> String {
    let msgs = outbox(f.store.as_ref(), 1).await.expect("outbox");
    let body = &msgs.first().expect("a message").body;
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("six digits")
        .to_owned()
}

#[tokio::test]
async fn three_wrong_passwords_lock_the_login_for_the_window() {
    let f = fixture();
    operator(&f).await;
    for left in [2, 1] {
        match f.auth.sign_in_staff("petrova", "wrong password!").await {
            Err(AuthError::WrongCredentials { tries_left }) => assert_eq!(tries_left, left),
            other => panic!("expected wrong credentials, got {:?}", other.err()),
        }
    }
    assert!(matches!(
        f.auth.sign_in_staff("petrova", "wrong password!").await,
        Err(AuthError::Locked(_))
    ));
    // Locked: even the right password is refused, until the window passes.
    assert!(matches!(
        f.auth
            .sign_in_staff("Petrova", "long enough password")
            .await,
        Err(AuthError::Locked(_))
    ));
    f.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let session = f
        .auth
        .sign_in_staff("petrova", "long enough password")
        .await
        .expect("signed in after the lock");
    assert!(matches!(session.caller, Caller::Staff(ref a) if a.login == "petrova"));
}

#[tokio::test]
async fn unknown_logins_fail_and_lock_like_real_ones() {
    let f = fixture();
    for _ in 0..2 {
        assert!(matches!(
            f.auth.sign_in_staff("nobody", "whatever password").await,
            Err(AuthError::WrongCredentials { .. })
        ));
    }
    assert!(matches!(
        f.auth.sign_in_staff("nobody", "whatever password").await,
        Err(AuthError::Locked(_))
    ));
}

#[tokio::test]
async fn sessions_expire_and_end_on_sign_out_everywhere() {
    let f = fixture();
    operator(&f).await;
    let a = f
        .auth
        .sign_in_staff("petrova", "long enough password")
        .await
        .expect("a");
    let b = f
        .auth
        .sign_in_staff("petrova", "long enough password")
        .await
        .expect("b");
    assert!(f.auth.caller(&a.token).await.expect("read").is_some());
    assert!(f.auth.caller("not a token").await.expect("read").is_none());

    // Signing out ends that session only.
    f.auth.sign_out(&a.token).await.expect("sign out");
    assert!(f.auth.caller(&a.token).await.expect("read").is_none());
    let caller = f
        .auth
        .caller(&b.token)
        .await
        .expect("read")
        .expect("b lives");

    // Everywhere: every session of the person.
    let c = f
        .auth
        .sign_in_staff("petrova", "long enough password")
        .await
        .expect("c");
    assert_eq!(
        f.auth
            .sign_out_everywhere(&caller)
            .await
            .expect("everywhere"),
        2
    );
    assert!(f.auth.caller(&b.token).await.expect("read").is_none());
    assert!(f.auth.caller(&c.token).await.expect("read").is_none());

    // A staff session ends after its lifetime.
    let d = f
        .auth
        .sign_in_staff("petrova", "long enough password")
        .await
        .expect("d");
    f.clock.advance(Duration::hours(12) - Duration::seconds(1));
    assert!(f.auth.caller(&d.token).await.expect("read").is_some());
    f.clock.advance(Duration::seconds(1));
    assert!(f.auth.caller(&d.token).await.expect("read").is_none());
}

#[tokio::test]
async fn a_disabled_account_stops_working_at_once() {
    let f = fixture();
    operator(&f).await;
    let s = f
        .auth
        .sign_in_staff("petrova", "long enough password")
        .await
        .expect("in");
    staff::set_disabled(f.store.as_ref(), "petrova", true)
        .await
        .expect("disable");
    assert!(f.auth.caller(&s.token).await.expect("read").is_none());
    assert!(matches!(
        f.auth
            .sign_in_staff("petrova", "long enough password")
            .await,
        Err(AuthError::WrongCredentials { .. })
    ));
}

#[tokio::test]
async fn accounts_check_their_fields() {
    let f = fixture();
    let new = |role, department, password| NewAccount {
        login: "sidorov",
        name: "Сидоров",
        role,
        department,
        password,
    };
    let now = f.clock.now();
    let s = f.store.as_ref();
    assert!(matches!(
        staff::create(s, new(Role::Specialist, None, "long enough password"), now).await,
        Err(staff::AccountError::Department)
    ));
    assert!(matches!(
        staff::create(s, new(Role::Operator, None, "short"), now).await,
        Err(staff::AccountError::BadPassword)
    ));
    let spec = new(
        Role::Specialist,
        Some(Department::Legal),
        "long enough password",
    );
    staff::create(s, spec, now).await.expect("created");
    let again = new(Role::Admin, None, "long enough password");
    assert!(matches!(
        staff::create(s, again, now).await,
        Err(staff::AccountError::Exists)
    ));
    assert_eq!(staff::list(s).await.expect("list").len(), 1);
}

#[tokio::test]
async fn a_code_signs_a_citizen_in_once() {
    let f = fixture();
    let sent = f
        .auth
        .send_code("8 912 345-67-89", Lang::Ru)
        .await
        .expect("sent");
    assert_eq!(sent.contact.channel(), "sms");
    let msgs = outbox(f.store.as_ref(), 5).await.expect("outbox");
    assert_eq!(msgs[0].to, "+79123456789");
    assert!(
        msgs[0].body.starts_with("Код для входа"),
        "{}",
        msgs[0].body
    );
    let code = last_code(&f).await;

    let session = f
        .auth
        .verify_code("+79123456789", &code)
        .await
        .expect("verified");
    let caller = f
        .auth
        .caller(&session.token)
        .await
        .expect("read")
        .expect("live");
    assert_eq!(
        caller.me(),
        helpdesk_shared::auth::Me::Citizen {
            contact: "+7 *** ***-**-89".into()
        }
    );
    // Used: the same code does not work twice.
    assert!(matches!(
        f.auth.verify_code("+79123456789", &code).await,
        Err(AuthError::CodeExpired)
    ));
}

#[tokio::test]
async fn codes_expire_and_resending_is_throttled() {
    let f = fixture();
    f.auth
        .send_code("ivanov@mail.ru", Lang::En)
        .await
        .expect("sent");
    let code = last_code(&f).await;
    assert!(matches!(
        f.auth.send_code("Ivanov@Mail.ru", Lang::En).await,
        Err(AuthError::TooSoon { retry_after }) if retry_after <= 60
    ));
    f.clock.advance(Duration::minutes(5));
    assert!(matches!(
        f.auth.verify_code("ivanov@mail.ru", &code).await,
        Err(AuthError::CodeExpired)
    ));
    // Five codes an hour, then the contact waits for the hour to pass.
    for _ in 1..5 {
        f.clock.advance(Duration::seconds(61));
        f.auth
            .send_code("ivanov@mail.ru", Lang::En)
            .await
            .expect("within the cap");
    }
    f.clock.advance(Duration::seconds(61));
    assert!(matches!(
        f.auth.send_code("ivanov@mail.ru", Lang::En).await,
        Err(AuthError::TooSoon { retry_after }) if retry_after > 60
    ));
}

#[tokio::test]
async fn three_wrong_codes_lock_the_contact_and_burn_the_code() {
    let f = fixture();
    f.auth
        .send_code("+79123456789", Lang::Ru)
        .await
        .expect("sent");
    let code = last_code(&f).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for left in [2, 1] {
        assert!(matches!(
            f.auth.verify_code("+79123456789", wrong).await,
            Err(AuthError::WrongCode { tries_left }) if tries_left == left
        ));
    }
    assert!(matches!(
        f.auth.verify_code("+79123456789", wrong).await,
        Err(AuthError::Locked(_))
    ));
    assert!(matches!(
        f.auth.verify_code("+79123456789", &code).await,
        Err(AuthError::Locked(_))
    ));
    assert!(matches!(
        f.auth.send_code("+79123456789", Lang::Ru).await,
        Err(AuthError::Locked(_))
    ));
    // After the lock the old code is gone; a new one works.
    f.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    assert!(matches!(
        f.auth.verify_code("+79123456789", &code).await,
        Err(AuthError::CodeExpired)
    ));
    f.auth
        .send_code("+79123456789", Lang::Ru)
        .await
        .expect("sent again");
    let fresh = last_code(&f).await;
    f.auth
        .verify_code("+79123456789", &fresh)
        .await
        .expect("signed in");
}

#[tokio::test]
async fn malformed_input_is_a_field_error() {
    let f = fixture();
    match f.auth.verify_code("12", "12a").await {
        Err(AuthError::Validation(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["contact", "code"]);
        }
        other => panic!("expected validation, got {:?}", other.err()),
    }
}
