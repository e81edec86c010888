"""Reports into incidents: which reports tell the same attack, and what the incident is.

    compare.same_incident(a, b)      one pair, as a coder judges it (points, conflicts, reasons)
    cluster.link_reports(reports)    a set of reports into incidents, order-independent
    undated.attach_undated(...)      a report with no date joins the one incident it fits
    reattach.settle_undated(...)     which undated reports a store batch must judge again
    cluster.link_new_reports(store)  link what the store has not linked yet (== cluster.relink)
    merge.merge_incident(reports)    one incident's fields, one written rule each
    status.incident_status(reports)  reported / claimed / disputed / confirmed

The rules are written out in `docs/merge-rules.md`. Nothing is imported here, so that a worker
that only compares reports does not load the database layer.
"""
