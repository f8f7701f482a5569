        # ... keep existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
        # ... keep existing code ...
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    # ... keep existing code ...
