// The library's content is its compiled-in resources (see CMakeLists.txt); this translation unit
// only gives the static library an object file of its own.
namespace drove::resources {
int resourcesLibraryAnchor = 0;
} // namespace drove::resources
