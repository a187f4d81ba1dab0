"""Open Referral HSDS 3.0 from carefinder records: the tables (``tables``), the nested service
objects the HSDS API returns (``nested``), and reading an export back (``read``).

Each record becomes one organisation (shared by the locations of one named organisation and
website), one location with its address, one service offered there, the service_at_location
linking them, its phones, its schedules (office hours on the location; program schedules on the
service_at_location), a service area, its languages, and an attribute per vocabulary value,
each pointing at a taxonomy term of the "carefinder vocabulary" taxonomy.
"""
