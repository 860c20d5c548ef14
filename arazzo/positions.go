package arazzo

// positionIndex maps JSON Pointers of a parsed document to source ranges.
type positionIndex struct{}
