namespace wavecraft
{

struct StackSymbolizer::Session
{
    Dwfl* dwfl = nullptr;
    Dwfl_Module* module = nullptr;
    GElf_Addr bias = 0;
};

namespace
{
    const Dwfl_Callbacks offlineCallbacks = { dwfl_build_id_find_elf, dwfl_standard_find_debuginfo,
                                              dwfl_offline_section_address, nullptr };

    juce::String demangle (const char* name)
    {
        if (name == nullptr)
            return "?";

        int status = 0;
        std::unique_ptr<char, decltype (&std::free)> demangled (abi::__cxa_demangle (name, nullptr, nullptr, &status), &std::free);
        juce::String readable (demangled != nullptr && status == 0 ? demangled.get() : name);

        // Rust's legacy names end in "::h" and sixteen hex digits.
        const auto hash = readable.lastIndexOf ("::h");

        if (hash > 0 && readable.length() - hash == 19 && readable.substring (hash + 3).containsOnly ("0123456789abcdef"))
            readable = readable.substring (0, hash);

        return readable;
    }
} // namespace

StackSymbolizer::StackSymbolizer (const juce::File& library, const juce::String& name)
    : session (std::make_unique<Session>()),
      libraryName (name.isNotEmpty() ? name : library.getFileName())
{
    session->dwfl = dwfl_begin (&offlineCallbacks);

    if (session->dwfl == nullptr)
        return;

    session->module = dwfl_report_offline (session->dwfl, "", library.getFullPathName().toRawUTF8(), -1);
    dwfl_report_end (session->dwfl, nullptr, nullptr);

    if (session->module != nullptr)
        dwfl_module_getelf (session->module, &session->bias);
}

StackSymbolizer::~StackSymbolizer()
{
    if (session->dwfl != nullptr)
        dwfl_end (session->dwfl);
}

namespace
{
    /** An inlined function's name, from the function it is an instance of. */
    juce::String nameInlined (Dwarf_Die* scope)
    {
        Dwarf_Attribute attribute;

        for (const auto name : { DW_AT_linkage_name, DW_AT_MIPS_linkage_name })
            if (dwarf_attr_integrate (scope, name, &attribute) != nullptr)
                return demangle (dwarf_formstring (&attribute));

        return dwarf_attr_integrate (scope, DW_AT_name, &attribute) != nullptr ? demangle (dwarf_formstring (&attribute))
                                                                               : juce::String ("?");
    }

    /** Where an inlined function was called from: its caller's file and line. */
    bool readCallSite (Dwarf_Die* scope, Dwarf_Die* unit, juce::String& file, int& line)
    {
        Dwarf_Attribute attribute;
        Dwarf_Word fileIndex = 0, lineNumber = 0;
        Dwarf_Files* files = nullptr;
        size_t numFiles = 0;

        if (dwarf_formudata (dwarf_attr (scope, DW_AT_call_file, &attribute), &fileIndex) != 0
            || dwarf_formudata (dwarf_attr (scope, DW_AT_call_line, &attribute), &lineNumber) != 0
            || dwarf_getsrcfiles (unit, &files, &numFiles) != 0 || fileIndex >= numFiles)
            return false;

        const auto* name = dwarf_filesrc (files, fileIndex, nullptr, nullptr);

        if (name == nullptr)
            return false;

        file = juce::String::fromUTF8 (name);
        line = (int) lineNumber;
        return true;
    }
    /** The functions inlined at `address`, innermost first, each at its
        line, then `frame` (the function the code is in) at the line of the
        call into them.
    */
    std::vector<StackFrame> expandInlined (Dwfl_Module* module, Dwarf_Addr address, StackFrame frame)
    {
        std::vector<StackFrame> frames;
        Dwarf_Addr unitBias = 0;
        Dwarf_Die* scopes = nullptr;
        auto* unit = dwfl_module_addrdie (module, address, &unitBias);
        auto numScopes = unit != nullptr ? dwarf_getscopes (unit, address - unitBias, &scopes) : 0;

        // That chain goes on from an inlined function to where it is defined;
        // the DIEs around the innermost one go to where it was inlined.
        if (numScopes > 0)
        {
            Dwarf_Die innermost = scopes[0];
            std::free (scopes);
            scopes = nullptr;
            numScopes = dwarf_getscopes_die (&innermost, &scopes);
        }

        for (int i = 0; i < numScopes && frame.file.isNotEmpty(); ++i)
        {
            if (dwarf_tag (&scopes[i]) == DW_TAG_subprogram)
                break;

            if (dwarf_tag (&scopes[i]) != DW_TAG_inlined_subroutine)
                continue;

            auto inlined = frame;
            inlined.function = nameInlined (&scopes[i]);

            if (! readCallSite (&scopes[i], unit, frame.file, frame.line))
                break;

            frames.push_back (inlined);
        }

        std::free (scopes);
        frames.push_back (frame);
        return frames;
    }
} // namespace

std::vector<StackSymbolizer::Frame> StackSymbolizer::describe (uint64_t offset) const
{
    Frame frame;
    frame.library = libraryName;
    frame.function = "?";

    if (session->module == nullptr || offset == 0)
        return { frame };

    const auto address = (Dwarf_Addr) (session->bias + offset - 1);
    frame.function = demangle (dwfl_module_addrname (session->module, address));

    if (auto* line = dwfl_module_getsrc (session->module, address))
    {
        int lineNumber = 0;

        if (const auto* file = dwfl_lineinfo (line, nullptr, &lineNumber, nullptr, nullptr, nullptr))
        {
            frame.file = juce::String::fromUTF8 (file); // as the compiler was given it
            frame.line = lineNumber;
        }
    }

    return expandInlined (session->module, address, frame);
}

bool StackSymbolizer::isToolchainSource (const Frame& frame)
{
    return frame.file.startsWith ("/usr/include/") || frame.file.startsWith ("/usr/lib/") || frame.file.startsWith ("/rustc/")
        || frame.file.contains ("/.rustup/toolchains/");
}

} // namespace wavecraft
