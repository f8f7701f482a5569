        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
