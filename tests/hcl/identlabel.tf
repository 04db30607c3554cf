variable x {
}
