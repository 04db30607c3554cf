# only
// comments
/* and */
