-- Code sets (issue 14): ICD-10-CM, HCPCS, CPT, modifiers, places of service, CARC and RARC.
-- Reference data: a release is one system's codes for one year (0 for lists with no yearly
-- release), shared by every organization (organization_id 0: CMS files and the default set) or
-- owned by one (a practice's licensed CPT descriptors). An import replaces its release whole, in
-- one transaction.
CREATE TABLE code_releases (
  id INTEGER PRIMARY KEY,
  code_system TEXT NOT NULL,          -- icd10cm | hcpcs | cpt | modifier | pos | carc | rarc
  year INTEGER NOT NULL,              -- FY for icd10cm, calendar year for hcpcs and cpt, or 0
  organization_id INTEGER NOT NULL,   -- 0: shared by every organization
  source TEXT NOT NULL,               -- cms | builtin | licensed
  file_name TEXT NOT NULL,
  digest TEXT NOT NULL,               -- of the codes: an identical re-import changes nothing
  code_count INTEGER NOT NULL,
  billable_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,        -- when it was loaded: microseconds since the epoch (UTC)
  UNIQUE (code_system, organization_id, year)
) STRICT;

CREATE TABLE codes (
  release_id INTEGER NOT NULL REFERENCES code_releases(id),
  code TEXT NOT NULL,                 -- without the ICD-10-CM dot
  billable INTEGER NOT NULL,          -- 0: an ICD-10-CM header
  short_description TEXT NOT NULL,
  long_description TEXT NOT NULL,
  ends_on TEXT,                       -- the last date of service it may be used (HCPCS)
  PRIMARY KEY (release_id, code)
) STRICT, WITHOUT ROWID;

-- The word index: one row per distinct word of each code's long description. A word prefix is a
-- range of the primary key, already in the order results are shown (word, then rank: billable
-- codes and short descriptions first). mask1 holds one bit per first letter or digit of the
-- code's words, mask2 and mask3 one bit (of 63) per two- and three-letter start, so that the
-- other words of a search are tested on the index row before the code itself is read.
CREATE TABLE code_words (
  release_id INTEGER NOT NULL,
  word TEXT NOT NULL,
  rank INTEGER NOT NULL,
  code TEXT NOT NULL,
  mask1 INTEGER NOT NULL,
  mask2 INTEGER NOT NULL,
  mask3 INTEGER NOT NULL,
  PRIMARY KEY (release_id, word, rank, code)
) STRICT, WITHOUT ROWID;

-- How many index rows each word has: a search starts from its rarest word.
CREATE TABLE code_word_counts (
  release_id INTEGER NOT NULL,
  word TEXT NOT NULL,
  entries INTEGER NOT NULL,
  PRIMARY KEY (release_id, word)
) STRICT, WITHOUT ROWID;
