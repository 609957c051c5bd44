package io.platformsim.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a simulated activity (merchant edits, warehouse stock movements) at a rate in events per second, with
 * fractional rates (0.2/s = one every 5 s) and high rates (events batched per 10 ms tick) both exact on average.
 */
public final class ActivityTicker {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityTicker.class);

    private final String name;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> task;
    private double owed;

    public ActivityTicker(String name) {
        this.name = name;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-activity-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts (or re-rates) the activity; 0 stops it. */
    public synchronized void run(double perSecond, Runnable event) {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (perSecond <= 0) {
            return;
        }
        long periodMs = perSecond >= 100 ? 10 : Math.max(10, (long) (1000 / perSecond));
        double perTick = perSecond * periodMs / 1000.0;
        owed = 0;
        task = scheduler.scheduleAtFixedRate(() -> {
            owed += perTick;
            while (owed >= 1 - 1e-9) {
                owed -= 1;
                try {
                    event.run();
                } catch (RuntimeException e) {
                    LOG.warn("simulated activity {} failed: {}", name, e.toString());
                }
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        scheduler.shutdownNow();
    }
}
