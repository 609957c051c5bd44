package io.synchub.schedule;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A real in-memory Quartz scheduler: a first fire started before its trigger's start time is run again, once. */
class EarlyFireRetryTest {

    static final AtomicInteger RUNS = new AtomicInteger();
    static volatile CountDownLatch ran;

    public static class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            RUNS.incrementAndGet();
            ran.countDown();
        }
    }

    Scheduler scheduler;
    JobDetail job;
    OperableTrigger trigger;

    @BeforeEach
    void startScheduler() throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "early-fire-" + System.nanoTime());
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.start();
        RUNS.set(0);
        ran = new CountDownLatch(1);
        job = JobBuilder.newJob(CountingJob.class).withIdentity("poll", "synchub").storeDurably().build();
        scheduler.addJob(job, false);
        // a trigger whose first fire is an hour away: only the listener can make the job run during this test
        trigger = (OperableTrigger) TriggerBuilder.newTrigger().withIdentity("poll", "synchub").forJob(job)
                .startAt(new Date(System.currentTimeMillis() + 3_600_000L))
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(2)).build();
        scheduler.scheduleJob(trigger);
    }

    @AfterEach
    void stopScheduler() throws Exception {
        scheduler.shutdown(false);
    }

    @Test
    void aFireAFewMillisecondsBeforeTheStartTimeIsVetoedAndRunAgainAtOnce() throws Exception {
        Date start = trigger.getStartTime();
        JobExecutionContext early = firedAt(new Date(start.getTime() - 2));

        assertThat(new EarlyFireRetry().vetoJobExecution(trigger, early)).isTrue();

        assertThat(ran.await(10, TimeUnit.SECONDS)).as("the job ran again after the vetoed early fire").isTrue();
        Thread.sleep(300);
        assertThat(RUNS.get()).isEqualTo(1);
    }

    @Test
    void aFireAtOrAfterTheStartTimeRunsAsItIs() throws Exception {
        Date start = trigger.getStartTime();
        EarlyFireRetry retry = new EarlyFireRetry();

        assertThat(retry.vetoJobExecution(trigger, firedAt(start))).isFalse();
        assertThat(retry.vetoJobExecution(trigger, firedAt(new Date(start.getTime() + 5)))).isFalse();

        assertThat(ran.await(500, TimeUnit.MILLISECONDS)).as("nothing was fired again").isFalse();
        assertThat(RUNS.get()).isZero();
    }

    private JobExecutionContext firedAt(Date fireTime) {
        TriggerFiredBundle bundle = new TriggerFiredBundle(job, trigger, null, false, fireTime,
                trigger.getStartTime(), null, new Date(trigger.getStartTime().getTime() + 120_000L));
        return new JobExecutionContextImpl(scheduler, bundle, new CountingJob());
    }
}
