//! The Lambda functions, all in one binary (`src/bin/lambda.rs`). Each function of
//! `infra/template.yaml` is still its own Lambda — its own role, memory, triggers and
//! alarms — and says which of these it runs by its `Handler` setting, which Lambda hands
//! the process as `_HANDLER`. One binary instead of eight: one arm64 build and link
//! instead of eight (the test command's check and every deploy), and one artifact.

use lambda_runtime::Error;

mod account;
mod chat;
mod fanout;
mod feedback;
mod status;
mod submission;
mod sweep;
mod workspace;

/// A Lambda function of the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Submission,
    Status,
    Account,
    Workspace,
    Chat,
    Fanout,
    Feedback,
    Sweep,
}

impl Function {
    pub const ALL: [Function; 8] = [
        Function::Submission,
        Function::Status,
        Function::Account,
        Function::Workspace,
        Function::Chat,
        Function::Fanout,
        Function::Feedback,
        Function::Sweep,
    ];

    /// Its `Handler` in the template (and `Group::function` for the HTTP ones).
    pub fn name(self) -> &'static str {
        match self {
            Function::Submission => "submission",
            Function::Status => "status",
            Function::Account => "account",
            Function::Workspace => "workspace",
            Function::Chat => "chat",
            Function::Fanout => "fanout",
            Function::Feedback => "feedback",
            Function::Sweep => "sweep",
        }
    }

    pub fn named(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Serves the function's invocations until Lambda stops the process. (Boxed: one
    /// future holding all eight state machines overflows the compiler's layout depth.)
    pub async fn run(self) -> Result<(), Error> {
        match self {
            Function::Submission => Box::pin(submission::run()).await,
            Function::Status => Box::pin(status::run()).await,
            Function::Account => Box::pin(account::run()).await,
            Function::Workspace => Box::pin(workspace::run()).await,
            Function::Chat => Box::pin(chat::run()).await,
            Function::Fanout => Box::pin(fanout::run()).await,
            Function::Feedback => Box::pin(feedback::run()).await,
            Function::Sweep => Box::pin(sweep::run()).await,
        }
    }
}

/// The entry point: the function `_HANDLER` names, or an error that says which exist.
pub async fn main() -> Result<(), Error> {
    super::lambda::init_tracing();
    let handler = std::env::var("_HANDLER").unwrap_or_default();
    let Some(function) = Function::named(&handler) else {
        let known: Vec<&str> = Function::ALL.iter().map(|f| f.name()).collect();
        tracing::error!(
            handler,
            ?known,
            "no such function: set the Handler to one of these"
        );
        return Err(format!("no function {handler:?} here; the handlers are {known:?}").into());
    };
    tracing::info!(function = function.name(), "starting");
    function.run().await
}

#[cfg(test)]
mod tests {
    use super::Function;

    #[test]
    fn every_function_is_found_by_its_name_and_only_by_it() {
        for f in Function::ALL {
            assert_eq!(Function::named(f.name()), Some(f));
        }
        assert_eq!(Function::named("bootstrap"), None);
        assert_eq!(Function::named(""), None);
    }
}
