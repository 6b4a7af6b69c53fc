//! Group commit: concurrent writers' transactions are collected by one writer thread and
//! committed together, so a batch of callers shares one fsync. Each caller is answered
//! only after the commit that holds its write has returned, and a commit that fails fails
//! exactly the callers of its batch.
//!
//! The queue knows nothing of the store: `commit` gets a batch of jobs in arrival order
//! and returns one result per job, in the same order (the embedded adapter's commit is in
//! `redb_store.rs`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

type Job<J, R> = (J, oneshot::Sender<R>);

pub(crate) struct GroupCommit<J, R> {
    queue: Option<mpsc::Sender<Job<J, R>>>,
    writer: Option<JoinHandle<()>>,
}

impl<J: Send + 'static, R: Send + 'static> GroupCommit<J, R> {
    /// Starts the writer thread. A batch is whatever has queued up while the previous one
    /// was committing, at most `max_batch` jobs: under no load a job is committed alone at
    /// once, under load the batches grow by themselves.
    pub fn start<F>(name: &str, max_batch: usize, mut commit: F) -> std::io::Result<Self>
    where
        F: FnMut(Vec<J>) -> Vec<R> + Send + 'static,
    {
        let (queue, jobs) = mpsc::channel::<Job<J, R>>();
        let writer = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                while let Ok(first) = jobs.recv() {
                    let mut batch = vec![first];
                    while batch.len() < max_batch {
                        match jobs.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    let (work, replies): (Vec<J>, Vec<_>) = batch.into_iter().unzip();
                    // A panic in one commit drops its batch's replies (those callers hear
                    // that the store failed) and leaves the writer serving the next.
                    let Ok(results) = catch_unwind(AssertUnwindSafe(|| commit(work))) else {
                        tracing::error!("group commit panicked; its batch failed");
                        continue;
                    };
                    // Fewer results than jobs: the callers without one hear a failure.
                    for (reply, result) in replies.into_iter().zip(results) {
                        // A caller that gave up waiting is no reason to stop.
                        let _ = reply.send(result);
                    }
                }
            })?;
        Ok(GroupCommit {
            queue: Some(queue),
            writer: Some(writer),
        })
    }

    /// Queues a job and waits for the commit that holds it. `None` when the writer could
    /// not answer (its commit panicked, or it has stopped).
    pub async fn submit(&self, job: J) -> Option<R> {
        let (reply, answer) = oneshot::channel();
        self.queue.as_ref()?.send((job, reply)).ok()?;
        answer.await.ok()
    }
}

impl<J, R> Drop for GroupCommit<J, R> {
    /// Lets the writer finish what is queued and waits for it, so whatever it holds (the
    /// database file) is released when the store is.
    fn drop(&mut self) {
        drop(self.queue.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::*;

    /// Jobs are numbers; a batch holding 13 fails as a whole, like a failed fsync.
    fn committer(
        batches: Arc<Mutex<Vec<Vec<u32>>>>,
        pause: Duration,
    ) -> impl FnMut(Vec<u32>) -> Vec<Result<u32, String>> + Send + 'static {
        move |jobs: Vec<u32>| {
            std::thread::sleep(pause);
            batches.lock().expect("lock").push(jobs.clone());
            let failed = jobs.contains(&13);
            jobs.into_iter()
                .map(|j| {
                    if failed {
                        Err(format!("batch of {j} failed"))
                    } else {
                        Ok(j)
                    }
                })
                .collect()
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_failed_commit_fails_exactly_the_callers_in_its_batch() {
        let batches = Arc::new(Mutex::new(Vec::new()));
        let group = Arc::new(
            GroupCommit::start(
                "test-writer",
                64,
                committer(batches.clone(), Duration::from_millis(5)),
            )
            .expect("start"),
        );
        let mut callers = tokio::task::JoinSet::new();
        for job in 0..100u32 {
            let group = group.clone();
            callers.spawn(async move { (job, group.submit(job).await) });
        }
        let mut answers = Vec::new();
        while let Some(answer) = callers.join_next().await {
            answers.push(answer.expect("caller"));
        }
        let batches = batches.lock().expect("lock").clone();
        assert_eq!(answers.len(), 100, "every caller is answered");
        assert!(
            batches.len() < 100,
            "concurrent jobs shared commits: {batches:?}"
        );
        let failed_batch = batches
            .iter()
            .find(|b| b.contains(&13))
            .expect("13 was committed");
        for (job, answer) in answers {
            match answer.expect("the writer answered") {
                Ok(j) => {
                    assert_eq!(j, job, "each caller gets its own result");
                    assert!(
                        !failed_batch.contains(&job),
                        "{job} was in the failed batch"
                    );
                }
                Err(_) => assert!(failed_batch.contains(&job), "{job} failed outside it"),
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_slow_commit_loses_no_waiting_caller() {
        let batches = Arc::new(Mutex::new(Vec::new()));
        let group = Arc::new(
            GroupCommit::start(
                "slow-writer",
                4,
                committer(batches.clone(), Duration::from_millis(200)),
            )
            .expect("start"),
        );
        let answered = Arc::new(AtomicUsize::new(0));
        let mut callers = tokio::task::JoinSet::new();
        for job in 0..20u32 {
            let (group, answered) = (group.clone(), answered.clone());
            callers.spawn(async move {
                let answer = group.submit(job + 100).await;
                assert_eq!(answer, Some(Ok(job + 100)));
                answered.fetch_add(1, Ordering::SeqCst);
            });
        }
        while let Some(caller) = callers.join_next().await {
            caller.expect("caller");
        }
        assert_eq!(answered.load(Ordering::SeqCst), 20);
        let batches = batches.lock().expect("lock");
        assert!(
            batches.iter().all(|b| b.len() <= 4),
            "batches stay within the cap"
        );
        assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), 20);
    }

    #[tokio::test]
    async fn a_panicking_commit_fails_its_callers_and_the_writer_goes_on() {
        let group = GroupCommit::start("panicky", 8, |jobs: Vec<u32>| {
            assert!(!jobs.contains(&7), "seven panics");
            jobs
        })
        .expect("start");
        assert_eq!(group.submit(7).await, None);
        assert_eq!(group.submit(8).await, Some(8));
    }
}
