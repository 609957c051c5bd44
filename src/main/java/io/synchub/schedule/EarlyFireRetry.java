package io.synchub.schedule;

import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz starts a job up to a few milliseconds before its scheduled time, and Camel's quartz consumer skips a fire
 * whose fire time lies before its trigger's start time ("Trigger exists outside StartTime … Skipping CamelJob"). That
 * hits the first fire of a trigger, whose scheduled time is its start time: a JTL poll scheduled every two minutes
 * would first run after four. Such a fire is vetoed here and run again at once as a one-off fire of the same job,
 * which starts after its own start time.
 */
final class EarlyFireRetry extends TriggerListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyFireRetry.class);

    @Override
    public String getName() {
        return "synchub-early-fire-retry";
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        if (!firedBeforeItsStart(trigger, context)) {
            return false;
        }
        try {
            context.getScheduler().triggerJob(trigger.getJobKey(), trigger.getJobDataMap());
            LOG.debug("schedule {} fired {} ms before its start time; run again now", trigger.getJobKey(),
                    trigger.getStartTime().getTime() - context.getFireTime().getTime());
        } catch (SchedulerException e) {
            LOG.warn("schedule {} fired before its start time and runs at its next interval: {}", trigger.getJobKey(),
                    e.getMessage());
        }
        return true;
    }

    static boolean firedBeforeItsStart(Trigger trigger, JobExecutionContext context) {
        return trigger.getStartTime() != null && context.getFireTime().before(trigger.getStartTime());
    }
}
