# ... existing code ...
def add(self, item):
    if item is None:
        raise ValueError("item is required")
    self.items.append(item)

def total(self):
# ... existing code ...
