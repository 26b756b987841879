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

StackSymbolizer::Frame StackSymbolizer::describe (uint64_t offset) const
{
    Frame frame;
    frame.library = libraryName;
    frame.function = "?";

    if (session->module == nullptr || offset == 0)
        return frame;

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

    return frame;
}

} // namespace wavecraft
