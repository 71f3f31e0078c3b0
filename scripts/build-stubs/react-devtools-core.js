// Ink imports react-devtools-core only when DEV is set; the bundle never enables it.
export default {initialize() {}, connectToDevTools() {}};
