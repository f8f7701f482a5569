// ... existing code ...
func add(a, b int) int {
    if a < 0 {
        return 0
    }
    return a + b
// ... existing code ...
