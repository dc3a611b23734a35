-- The segment index, the lifecycle rules and the code push after an arrival no longer keep event publications: they
-- run after commit from plain event listeners (io.siyu.shared.AfterCommit). Publications still owed to them from before
-- would be resubmitted on start to listeners that no longer exist (and be marked failed). What they did is done anyway:
-- the index is built on first use, the lifecycle sweep and the code reconcile run on a schedule.
delete from event_publication
 where listener_id like 'io.siyu.segment.SegmentEngine.%'
    or listener_id like 'io.siyu.customer.LifecycleRules.%'
    or listener_id like 'io.siyu.acquisition.CodePush.%';
