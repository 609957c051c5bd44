package io.synchub.schedule;

import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler starts just before the routes (so Camel honours the triggers' initial delays); a stored trigger that
 * comes due in that second would find no running route. This gate holds such a fire back and runs it once as soon as
 * the routes run ({@link #open}), as a misfire would be: late, once, never lost.
 */
final class RoutesStartedGate extends TriggerListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesStartedGate.class);

    private final Set<JobKey> deferred = ConcurrentHashMap.newKeySet();
    private volatile boolean open;

    @Override
    public String getName() {
        return "synchub-routes-started-gate";
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        if (open) {
            return false;
        }
        deferred.add(trigger.getJobKey());
        return true;
    }

    /** The routes run: fires held back until now run once (on whichever instance takes them). */
    void open(Scheduler scheduler) {
        open = true;
        for (JobKey key : deferred) {
            try {
                scheduler.triggerJob(key);
            } catch (SchedulerException e) {
                LOG.warn("schedule {} came due during start-up and runs at its next interval: {}", key, e.getMessage());
            }
        }
        deferred.clear();
    }
}
