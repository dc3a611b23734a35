-- Completed event publications used to be kept (Spring Modulith's default completion mode), several rows per WeCom
-- callback, forever. From now on a publication is deleted when it completes (spring.modulith.events.completion-mode:
-- delete); this removes the ones kept before. What stays is what is still owed to a listener.
delete from event_publication where completion_date is not null;
