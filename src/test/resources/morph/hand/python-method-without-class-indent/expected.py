class Cart:
    def __init__(self):
        self.items = []

    def add(self, item):
        if item is None:
            raise ValueError("item is required")
        self.items.append(item)

    def total(self):
        return sum(i.price for i in self.items)
