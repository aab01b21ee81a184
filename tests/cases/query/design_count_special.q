-- Special-category sharing per org and partner type; every service collects special data,
-- so the per-org totals are all flows: CWaC 58, CE 32, AfC 14 (see query.rs).
count flows where category is special by org, party.type
