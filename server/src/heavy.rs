//! CPU-heavy work (chart layout and PNG, chart comparisons, spreadsheet
//! parsing, the registry zip) runs here: on tokio's blocking pool, so the
//! threads that answer requests stay free, and behind a semaphore sized to
//! the machine's cores, so a crowd asking for PNGs queues instead of
//! starting hundreds of renders at once. A request that cannot get a
//! permit within [`QUEUE_WAIT`] is told the server is busy (503).

use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::Semaphore;

/// How long a request waits for a free permit before giving up.
pub const QUEUE_WAIT: Duration = Duration::from_secs(20);

/// Why heavy work did not produce its result.
#[derive(Debug, thiserror::Error)]
pub enum HeavyError {
    /// Every permit stayed taken for [`QUEUE_WAIT`].
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// The work panicked (a bug; the server goes on).
    #[error("the work failed: {0}")]
    Failed(String),
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Semaphore::new(cores)
    })
}

/// Runs `work` on the blocking pool once a permit is free.
pub async fn run<T, F>(work: F) -> Result<T, HeavyError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let permit = tokio::time::timeout(QUEUE_WAIT, permits().acquire())
        .await
        .map_err(|_| HeavyError::Busy)?
        .map_err(|e| HeavyError::Failed(e.to_string()))?;
    let result = tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| HeavyError::Failed(e.to_string()));
    drop(permit);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_and_a_panic_is_an_error() {
        assert_eq!(run(|| 2 + 2).await.ok(), Some(4));
        let failed = run(|| -> u8 { panic!("boom") }).await;
        assert!(matches!(failed, Err(HeavyError::Failed(_))));
        // The permit came back.
        assert_eq!(run(|| 1).await.ok(), Some(1));
    }
}
