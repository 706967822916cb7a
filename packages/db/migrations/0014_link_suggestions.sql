-- Issue 6: a micro-project or a vote candidate "from a suggestion" names a real suggestion.
-- (0011 kept the column without a key while suggestions were being built in parallel.)
UPDATE projects SET source_suggestion_id = NULL
  WHERE source_suggestion_id IS NOT NULL AND source_suggestion_id NOT IN (SELECT suggestion_id FROM suggestions);
UPDATE vote_candidates SET source_suggestion_id = NULL
  WHERE source_suggestion_id IS NOT NULL AND source_suggestion_id NOT IN (SELECT suggestion_id FROM suggestions);
ALTER TABLE projects ADD CONSTRAINT projects_source_suggestion_fk
  FOREIGN KEY (source_suggestion_id) REFERENCES suggestions (suggestion_id);
ALTER TABLE vote_candidates ADD CONSTRAINT vote_candidates_source_suggestion_fk
  FOREIGN KEY (source_suggestion_id) REFERENCES suggestions (suggestion_id);
CREATE INDEX projects_source_suggestion_idx ON projects (source_suggestion_id) WHERE source_suggestion_id IS NOT NULL;
CREATE INDEX vote_candidates_source_suggestion_idx ON vote_candidates (source_suggestion_id) WHERE source_suggestion_id IS NOT NULL;
