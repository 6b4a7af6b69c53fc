//! Tests of `notice`: the plan, quiet hours, checking, masks.

use time::macros::datetime;

use super::*;

fn quiet(from: &str, to: &str) -> Prefs {
    Prefs {
        quiet: Some(Quiet {
            from: from.into(),
            to: to.into(),
        }),
        ..Prefs::defaults(Lang::Ru)
    }
}

#[test]
fn quiet_hours_hold_sms_until_they_end_in_moscow_time() {
    let p = quiet("22:00", "08:00");
    let all = Channel::ALL;
    // 23:30 in Moscow (20:30 UTC): SMS waits for 08:00 Moscow = 05:00 UTC next day.
    let plan: Vec<(Channel, Option<OffsetDateTime>)> = p
        .plan(Topic::Status, &all, datetime!(2026-12-01 20:30 UTC))
        .iter()
        .map(|x| (x.channel, x.hold_until))
        .collect();
    let morning = Some(datetime!(2026-12-02 05:00 UTC));
    assert_eq!(
        plan,
        [
            (Channel::Sms, morning),
            (Channel::Email, None),
            (Channel::App, None)
        ]
    );
    // 01:00 in Moscow: the same morning.
    assert_eq!(
        p.quiet_end(datetime!(2026-12-01 22:00 UTC)),
        Some(datetime!(2026-12-02 05:00 UTC))
    );
    // 08:00 sharp and 21:59 are outside.
    assert_eq!(p.quiet_end(datetime!(2026-12-02 05:00 UTC)), None);
    assert_eq!(p.quiet_end(datetime!(2026-12-02 18:59 UTC)), None);
    // Within a day: 13:00–15:00.
    let day = quiet("13:00", "15:00");
    assert_eq!(
        day.quiet_end(datetime!(2026-12-02 11:15 UTC)),
        Some(datetime!(2026-12-02 12:00 UTC))
    );
    assert_eq!(day.quiet_end(datetime!(2026-12-02 12:00 UTC)), None);
}

#[test]
fn only_the_chosen_channels_with_an_address_are_planned() {
    let mut p = Prefs::defaults(Lang::En);
    p.channels.status = vec![Channel::App];
    p.channels.answer = vec![];
    let now = datetime!(2026-12-01 12:00 UTC);
    let channels = |t, avail: &[Channel]| -> Vec<Channel> {
        p.plan(t, avail, now).iter().map(|x| x.channel).collect()
    };
    assert_eq!(channels(Topic::Status, &Channel::ALL), [Channel::App]);
    assert!(channels(Topic::Answer, &Channel::ALL).is_empty());
    assert_eq!(
        channels(Topic::InfoAsked, &[Channel::Email]),
        [Channel::Email]
    );
}

#[test]
fn preferences_are_checked_and_tidied() {
    let mut p = quiet(" 7:00", "25:00");
    let fields: Vec<(String, FieldCode)> = p
        .checked()
        .expect_err("bad times")
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        fields,
        [
            ("quiet_from".to_owned(), FieldCode::TimeFormat),
            ("quiet_to".to_owned(), FieldCode::TimeFormat)
        ]
    );
    p.quiet = Some(Quiet {
        from: "22:00".into(),
        to: "22:00".into(),
    });
    assert_eq!(
        p.checked().expect_err("same").first().map(|e| e.code),
        Some(FieldCode::UnknownValue)
    );
    p.quiet = Some(Quiet {
        from: " 22:30".into(),
        to: "07:05".into(),
    });
    p.channels.status = vec![Channel::App, Channel::Sms, Channel::App];
    let ok = p.checked().expect("fine");
    assert_eq!(ok.channels.status, [Channel::Sms, Channel::App]);
    assert_eq!(
        ok.quiet.map(|q| (q.from, q.to)),
        Some(("22:30".into(), "07:05".into()))
    );
    // Unknown channels and fields are refused when read.
    assert!(serde_json::from_str::<Prefs>(
        r#"{"channels":{"status":["fax"],"info_asked":[],"answer":[],"reminder":[]},"language":"ru"}"#
    )
    .is_err());
}

#[test]
fn addresses_are_masked_in_the_log() {
    assert_eq!(mask_phone("+79123456789"), "+7 *** ***-**-89");
    assert_eq!(mask_email("ivanov@mail.ru"), "iv…@mail.ru");
    assert_eq!(mask_email("я@почта.рф"), "я…@почта.рф");
}

#[test]
fn push_is_never_a_default_and_waits_for_quiet_hours_like_sms() {
    let p = quiet("22:00", "08:00");
    let at = datetime!(2026-12-01 20:30 UTC);
    assert!(
        !p.plan(Topic::Status, &Channel::ALL, at)
            .iter()
            .any(|x| x.channel == Channel::Push)
    );
    let p = p.with_push();
    let planned = p.plan(Topic::Answer, &Channel::ALL, at);
    let push = planned.iter().find(|x| x.channel == Channel::Push);
    assert_eq!(
        push.map(|x| x.hold_until),
        Some(Some(datetime!(2026-12-02 05:00 UTC)))
    );
    // Turning it on twice adds it once.
    assert_eq!(p.clone().with_push(), p);
    assert_eq!(
        p.checked().map(|c| c.channels.status),
        Ok(vec![
            Channel::Sms,
            Channel::Email,
            Channel::App,
            Channel::Push
        ])
    );
}
