//! What each step of the demonstration does, through the services.

use helpdesk_shared::api::{AddInfoRequest, SubmitTicketRequest};
use helpdesk_shared::calendar::Calendar;
use helpdesk_shared::chat::Speaker;
use helpdesk_shared::survey::SurveyRequest;
use helpdesk_shared::{Category, Lang};
use time::{Duration, OffsetDateTime};

use super::{Act, ChatAct, CitizenAct, Demo, DemoDone, Fate, Rng, Step, Who, opinion};
use crate::auth::StaffAccount;
use crate::chat::Reader;
use crate::tickets::{Access, Actor, Lookup};

pub(super) struct Staff {
    pub(super) operator: StaffAccount,
    pub(super) supervisor: StaffAccount,
}

/// A request's words, by its topic: enough to pass the form's checks.
fn request(category: Category, n: u64) -> SubmitTicketRequest {
    SubmitTicketRequest {
        category: category.code().to_owned(),
        subject: format!("{} — вопрос {n}", category.title(Lang::Ru)),
        description:
            "Прошу помочь: на портале не получается завершить действие, описание ошибки ниже."
                .into(),
        full_name: "Демонстрационный Гражданин".into(),
        phone: "+79123456789".into(),
        consent: true,
        ..SubmitTicketRequest::default()
    }
}

const QUESTIONS: [&str; 4] = [
    "как оплатить госпошлину со скидкой",
    "не приходит смс с кодом",
    "как записаться на приём",
    "рецепт борща",
];

impl Demo {
    /// Runs one step; the steps it leads to, or `None` if a service refused it.
    pub(super) async fn step(
        &self,
        step: Step,
        at: OffsetDateTime,
        cal: &Calendar,
        staff: &Staff,
        rng: &mut Rng,
        done: &mut DemoDone,
    ) -> Result<Vec<(OffsetDateTime, Step)>, String> {
        match step {
            Step::Sweep => {
                self.tickets
                    .sweep_due(crate::tickets::SWEEP_MAX)
                    .await
                    .map_err(refused("sweep"))?;
                Ok(Vec::new())
            }
            Step::Submit { category, fate } => {
                let category = Category::ALL[category];
                let sent = self
                    .tickets
                    .submit(&request(category, done.requests), None, None)
                    .await
                    .map_err(refused("submit"))?
                    .response;
                done.requests += 1;
                let number = sent.number;
                let code = sent.access_code;
                let staff = |who, action| Step::Staff {
                    number: number.clone(),
                    code: code.clone(),
                    who,
                    action,
                };
                let take = later(cal, rng, at, 5, 180);
                let mut w = |from: OffsetDateTime, lo: i64, hi: i64| later(cal, rng, from, lo, hi);
                Ok(match fate {
                    Fate::Answered => vec![
                        (take, staff(Who::Operator, Act::Take)),
                        (w(take, 10, 480), staff(Who::Operator, Act::Resolve)),
                    ],
                    Fate::RepliedFirst => {
                        let reply = w(take, 1, 30);
                        vec![
                            (take, staff(Who::Operator, Act::Take)),
                            (reply, staff(Who::Operator, Act::Reply)),
                            (w(reply, 30, 1200), staff(Who::Operator, Act::Resolve)),
                        ]
                    }
                    Fate::AskedForMore => {
                        let ask = w(take, 5, 60);
                        let answer = ask + Duration::minutes(rng.between(120, 48 * 60));
                        vec![
                            (take, staff(Who::Operator, Act::Take)),
                            (ask, staff(Who::Operator, Act::AskInfo)),
                            (
                                answer,
                                Step::Citizen {
                                    number: number.clone(),
                                    code: code.clone(),
                                    act: CitizenAct::AddInfo,
                                },
                            ),
                        ]
                    }
                    Fate::Rejected => vec![
                        (take, staff(Who::Operator, Act::Take)),
                        (w(take, 5, 60), staff(Who::Operator, Act::Reject)),
                    ],
                    Fate::EscalatedByStaff => {
                        let up = w(take, 10, 120);
                        vec![
                            (take, staff(Who::Operator, Act::Take)),
                            (up, staff(Who::Operator, Act::Escalate)),
                            (w(up, 60, 1440), staff(Who::Supervisor, Act::Resolve)),
                        ]
                    }
                    // Nobody acts; the sweep escalates it when its date passes.
                    Fate::LeftToTheSweep => vec![(
                        at + Duration::hours(rng.between(52, 80)),
                        staff(Who::Supervisor, Act::Resolve),
                    )],
                })
            }
            Step::Staff {
                number,
                code,
                who,
                action,
            } => {
                let a = match who {
                    Who::Operator => &staff.operator,
                    Who::Supervisor => &staff.supervisor,
                };
                let view = self
                    .tickets
                    .staff_view(a, &number)
                    .await
                    .map_err(refused("staff view"))?;
                let body = match action {
                    Act::Take => serde_json::json!({ "action": "take" }),
                    Act::Reply => {
                        serde_json::json!({ "action": "reply", "text": "Проверяем, ответим в ближайшее время." })
                    }
                    Act::AskInfo => {
                        serde_json::json!({ "action": "ask_info", "text": "Пришлите, пожалуйста, снимок экрана с ошибкой.", "days": 5 })
                    }
                    Act::Resolve => {
                        serde_json::json!({ "action": "resolve", "answer": "Проблема устранена, попробуйте ещё раз." })
                    }
                    Act::Reject => {
                        serde_json::json!({ "action": "reject", "reason": "Вопрос не относится к порталу.", "alternatives": "Обратитесь в ведомство по месту жительства." })
                    }
                    Act::Escalate => serde_json::json!({
                        "action": "escalate",
                        "department": helpdesk_shared::sla::department_for(view.category).code(),
                        "reason": "Нужен специалист."
                    }),
                };
                let mut body = body;
                body["version"] = view.version.into();
                let req = serde_json::from_value(body).map_err(refused("action"))?;
                let actor = Actor {
                    account: a,
                    from: "demo",
                };
                self.tickets
                    .act(&actor, &number, &req)
                    .await
                    .map_err(refused("staff action"))?;
                let closes = matches!(action, Act::Resolve | Act::Reject);
                Ok(if closes && rng.chance(0.3) {
                    let (csat, nps) = opinion(rng, action == Act::Reject);
                    vec![(
                        at + Duration::minutes(rng.between(10, 30 * 60)),
                        Step::Citizen {
                            number,
                            code,
                            act: CitizenAct::Survey { csat, nps },
                        },
                    )]
                } else {
                    Vec::new()
                })
            }
            Step::Citizen { number, code, act } => {
                let access = Access::Code(Lookup {
                    number: &number,
                    access_code: &code,
                });
                match act {
                    CitizenAct::AddInfo => {
                        let req = AddInfoRequest {
                            access_code: code.clone(),
                            message: "Снимок экрана приложен, ошибка повторяется.".into(),
                            attachments: Vec::new(),
                        };
                        self.tickets
                            .add_info(&access, &req)
                            .await
                            .map_err(refused("add info"))?;
                        Ok(vec![(
                            later(cal, rng, at, 10, 300),
                            Step::Staff {
                                number,
                                code,
                                who: Who::Operator,
                                action: Act::Resolve,
                            },
                        )])
                    }
                    CitizenAct::Survey { csat, nps } => {
                        let req = SurveyRequest {
                            access_code: code.clone(),
                            csat: Some(csat),
                            nps: Some(nps),
                            ..SurveyRequest::default()
                        };
                        self.tickets
                            .survey(&access, &req)
                            .await
                            .map_err(refused("survey"))?;
                        Ok(Vec::new())
                    }
                }
            }
            Step::Chat { .. } => {
                let (key, view) = self
                    .chats
                    .start(Lang::Ru, None)
                    .await
                    .map_err(refused("chat start"))?;
                done.chats += 1;
                let rec = self
                    .chats
                    .open(&view.id, &Reader::Key(&key))
                    .await
                    .map_err(refused("chat open"))?;
                let q = QUESTIONS[rng.below(QUESTIONS.len() as u64) as usize];
                self.chats
                    .say(&rec, q, None)
                    .await
                    .map_err(refused("chat say"))?;
                let chat = |act| Step::InChat {
                    id: view.id.clone(),
                    key: key.clone(),
                    act,
                };
                Ok(if rng.chance(0.62) {
                    vec![(
                        at + Duration::seconds(rng.between(40, 240)),
                        chat(ChatAct::End),
                    )]
                } else {
                    vec![(
                        at + Duration::seconds(rng.between(20, 90)),
                        chat(ChatAct::AskOperator),
                    )]
                })
            }
            Step::InChat { id, key, act } => {
                let rec = self
                    .chats
                    .open(&id, &Reader::Key(&key))
                    .await
                    .map_err(refused("chat open"))?;
                let next = |act, secs: i64| {
                    (
                        at + Duration::seconds(secs),
                        Step::InChat {
                            id: id.clone(),
                            key: key.clone(),
                            act,
                        },
                    )
                };
                Ok(match act {
                    ChatAct::AskOperator => {
                        self.chats
                            .keep_online(&staff.operator)
                            .await
                            .map_err(refused("presence"))?;
                        let said = self
                            .chats
                            .ask_for_operator(&rec)
                            .await
                            .map_err(refused("hand-off"))?;
                        if said.state == helpdesk_shared::chat::ChatState::Waiting {
                            vec![next(ChatAct::Take, rng.between(3, 25))]
                        } else {
                            vec![next(ChatAct::End, rng.between(30, 120))]
                        }
                    }
                    ChatAct::Take => {
                        self.chats
                            .take(&staff.operator, &id)
                            .await
                            .map_err(refused("chat take"))?;
                        vec![next(ChatAct::Reply, rng.between(3, 15))]
                    }
                    ChatAct::Reply => {
                        self.chats
                            .reply(&staff.operator, &id, "Здравствуйте! Сейчас помогу.", None)
                            .await
                            .map_err(refused("chat reply"))?;
                        vec![next(ChatAct::End, rng.between(120, 900))]
                    }
                    ChatAct::End => {
                        self.chats
                            .end(&id, Speaker::Citizen)
                            .await
                            .map_err(refused("chat end"))?;
                        if rng.chance(0.5) {
                            vec![next(ChatAct::Rate(opinion(rng, false).0), 15)]
                        } else {
                            Vec::new()
                        }
                    }
                    ChatAct::Rate(stars) => {
                        self.chats
                            .rate(&rec, stars, None)
                            .await
                            .map_err(refused("chat rating"))?;
                        Vec::new()
                    }
                })
            }
        }
    }
}

/// `lo`–`hi` working minutes after `from`.
fn later(cal: &Calendar, rng: &mut Rng, from: OffsetDateTime, lo: i64, hi: i64) -> OffsetDateTime {
    cal.add_working(from, rng.between(lo, hi) as u32)
}

/// A refused step, said by what it was and why (counted by kind).
fn refused<E: std::fmt::Debug>(what: &'static str) -> impl FnOnce(E) -> String {
    move |e| {
        let mut why = format!("{e:?}");
        why.truncate(80);
        format!("{what}: {why}")
    }
}
