"""Document and work statistics (thống kê văn bản và công việc): incoming and outgoing documents per agency
and department (how many arrived or left electronically, how many carry digital signatures) and the tasks
of the documents app per agency, department and person (done on time, done late, in progress within the
deadline, overdue), for any period and within the user's scope.

Modules: `params` (the agency, department and grouping of a request; the period is read by the parsers
the dossier statistics share, reporting.forms and reporting.api.serializers), `scope` (who sees what),
`queries` (the figures: indexed GROUP BY queries over the documents app's tables, no summary table),
`views`/`urls` (the staff page /bao-cao/cong-viec/), `api` (/api/v1/bao-cao/cong-viec/).
Nothing here is public: every page and endpoint needs a staff user in scope, and secret documents are
counted, never described."""
