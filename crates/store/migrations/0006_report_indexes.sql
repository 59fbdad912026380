-- The period report at city scale (a million consultations): covering indexes, so the report
-- reads the few columns it counts instead of every consultation's notes and every verdict
-- snapshot. consultations_report starts with `at`, so it replaces consultations_at.
DROP INDEX consultations_at;
CREATE INDEX consultations_report ON consultations(at, id, merchant_id, channel, counselor, topics);
CREATE INDEX consultation_programs_report ON consultation_programs(consultation_id, program_id);
CREATE INDEX referrals_report ON referrals(consultation_id, institution, status);
CREATE INDEX follow_ups_report ON follow_ups(consultation_id, done, due_on);
