    return jsonify(serialize(todo))




if __name__ == "__main__":
