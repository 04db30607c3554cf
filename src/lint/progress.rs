//! A progress bar for long scans, on stderr.

/// A progress bar that appears only once a scan has taken half a second:
/// quick runs (most pre-commit runs) never flash one.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    const DELAY: std::time::Duration = std::time::Duration::from_millis(500);

    pub(super) fn new(enabled: bool, total: usize, started: std::time::Instant) -> Self {
        let bar = enabled.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} configurations {wide_bar} {elapsed}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started,
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub(super) fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.started.elapsed() > Self::DELAY
            && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
