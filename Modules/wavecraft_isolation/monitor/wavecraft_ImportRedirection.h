namespace wavecraft::detail
{

/** Points a loaded library's own imports of some functions at others: its
    entries in the global offset table (the PLT's jump slots, and GLOB_DAT
    where it was built without a PLT) are rewritten in place. Only the
    library's calls change; every other library, the host's own code
    included, calls the originals. ELF only.

    [any thread but the audio thread: while the library's code doesn't run]
*/
class ImportRedirection
{
public:
    struct Target
    {
        const char* symbol;
        void* replacement;
    };

    /** Where the library lies in memory. */
    struct Span
    {
        uintptr_t loadAddress = 0; /**< what its addresses are relative to */
        uintptr_t start = 0, end = 0;
    };

    /** Redirects the imports of the library loaded from `path` (as given to
        dlopen) that name a `targets` symbol. Returns how many entries were
        rewritten, or -1 when the library is not loaded; `span` says where it is.
    */
    static int apply (const char* path, const Target* targets, size_t numTargets, Span& span);

    /** The names of every object loaded now, as the dynamic loader gives them. */
    static std::vector<std::string> listLoaded();
};

} // namespace wavecraft::detail
