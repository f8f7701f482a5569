    # ... Existing Code ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
# ... Existing Code ...
