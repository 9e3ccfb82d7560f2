-- A delivery job now lives only while there is delivery work to do (docs/adr/0038): a worker deletes the job
-- once the message was handed over, failed for good, or was no longer to be sent, and a cancel deletes a job
-- not yet claimed. What became of the message, and why, was always its status and history, not the job's.
-- Jobs that had already ended are deleted here, and the states they ended in are no longer allowed.
DELETE FROM delivery_job WHERE state IN ('done', 'dead');

ALTER TABLE delivery_job DROP CONSTRAINT delivery_job_state_check;
ALTER TABLE delivery_job ADD CONSTRAINT delivery_job_state_check CHECK (state IN ('pending', 'in_flight'));
