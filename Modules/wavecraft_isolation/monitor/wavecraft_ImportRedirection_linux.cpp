namespace wavecraft::detail
{

namespace
{
    struct DynamicTables
    {
        const ElfW (Sym) * symbols = nullptr;
        const char* strings = nullptr;
        const ElfW (Rela) * relocations[2] = {}; /**< the PLT's, then the others */
        size_t sizes[2] = {};
    };

    /** glibc has already made most of these absolute in place; a loader that
        didn't leaves them relative to the load address.
    */
    uintptr_t toAddress (ElfW (Addr) value, uintptr_t loadAddress) noexcept
    {
        return value < loadAddress ? value + loadAddress : value;
    }

    DynamicTables readDynamic (const ElfW (Dyn) * dynamic, uintptr_t loadAddress)
    {
        DynamicTables tables;

        for (auto* entry = dynamic; entry->d_tag != DT_NULL; ++entry)
        {
            const auto address = toAddress (entry->d_un.d_ptr, loadAddress);

            switch (entry->d_tag)
            {
                case DT_SYMTAB: tables.symbols = reinterpret_cast<const ElfW (Sym)*> (address); break;
                case DT_STRTAB: tables.strings = reinterpret_cast<const char*> (address); break;
                case DT_JMPREL: tables.relocations[0] = reinterpret_cast<const ElfW (Rela)*> (address); break;
                case DT_PLTRELSZ: tables.sizes[0] = entry->d_un.d_val; break;
                case DT_RELA: tables.relocations[1] = reinterpret_cast<const ElfW (Rela)*> (address); break;
                case DT_RELASZ: tables.sizes[1] = entry->d_un.d_val; break;
                default: break;
            }
        }

        return tables;
    }

    bool isImportSlot (uint32_t type) noexcept
    {
#if defined(__x86_64__)
        return type == R_X86_64_JUMP_SLOT || type == R_X86_64_GLOB_DAT;
#elif defined(__aarch64__)
        return type == R_AARCH64_JUMP_SLOT || type == R_AARCH64_GLOB_DAT;
#else
        juce::ignoreUnused (type);
        return false;
#endif
    }

    /** The slot may sit in memory made read-only after relocation (RELRO). */
    void writeSlot (void** slot, void* value)
    {
        const auto pageSize = (uintptr_t)::sysconf (_SC_PAGESIZE);
        const auto page = reinterpret_cast<uintptr_t> (slot) & ~(pageSize - 1);
        ::mprotect (reinterpret_cast<void*> (page), pageSize, PROT_READ | PROT_WRITE);
        *slot = value;
    }

    struct Search
    {
        const char* path;
        const ImportRedirection::Target* targets;
        size_t numTargets;
        ImportRedirection::Span span;
        int rewritten = -1;
    };

    int redirect (const DynamicTables& tables, uintptr_t loadAddress, const ImportRedirection::Target* targets, size_t numTargets)
    {
        int rewritten = 0;

        if (tables.symbols == nullptr || tables.strings == nullptr)
            return rewritten;

        for (int table = 0; table < 2; ++table)
        {
            for (size_t i = 0; tables.relocations[table] != nullptr && i < tables.sizes[table] / sizeof (ElfW (Rela)); ++i)
            {
                const auto& relocation = tables.relocations[table][i];

                if (! isImportSlot ((uint32_t) ELF64_R_TYPE (relocation.r_info)))
                    continue;

                const auto* name = tables.strings + tables.symbols[ELF64_R_SYM (relocation.r_info)].st_name;

                for (size_t t = 0; t < numTargets; ++t)
                {
                    if (std::strcmp (name, targets[t].symbol) == 0)
                    {
                        writeSlot (reinterpret_cast<void**> (loadAddress + relocation.r_offset), targets[t].replacement);
                        ++rewritten;
                    }
                }
            }
        }

        return rewritten;
    }

    int visitLoadedObject (dl_phdr_info* info, size_t, void* context)
    {
        auto& search = *static_cast<Search*> (context);

        if (info->dlpi_name == nullptr || std::strcmp (info->dlpi_name, search.path) != 0)
            return 0;

        const ElfW (Dyn)* dynamic = nullptr;
        search.span = { info->dlpi_addr, std::numeric_limits<uintptr_t>::max(), 0 };

        for (int i = 0; i < info->dlpi_phnum; ++i)
        {
            const auto& header = info->dlpi_phdr[i];

            if (header.p_type == PT_LOAD)
            {
                search.span.start = juce::jmin (search.span.start, (uintptr_t) (info->dlpi_addr + header.p_vaddr));
                search.span.end = juce::jmax (search.span.end, (uintptr_t) (info->dlpi_addr + header.p_vaddr + header.p_memsz));
            }
            else if (header.p_type == PT_DYNAMIC)
            {
                dynamic = reinterpret_cast<const ElfW (Dyn)*> (info->dlpi_addr + header.p_vaddr);
            }
        }

        search.rewritten = dynamic != nullptr ? redirect (readDynamic (dynamic, info->dlpi_addr), info->dlpi_addr, search.targets, search.numTargets) : 0;
        return 1;
    }
} // namespace

int ImportRedirection::apply (const char* path, const Target* targets, size_t numTargets, Span& span)
{
    Search search { path, targets, numTargets, {} };
    ::dl_iterate_phdr (visitLoadedObject, &search);
    span = search.span;
    return search.rewritten;
}

std::vector<std::string> ImportRedirection::listLoaded()
{
    std::vector<std::string> names;
    ::dl_iterate_phdr (
        [] (dl_phdr_info* info, size_t, void* context)
        {
            if (info->dlpi_name != nullptr && info->dlpi_name[0] != 0)
                static_cast<std::vector<std::string>*> (context)->push_back (info->dlpi_name);

            return 0;
        },
        &names);
    return names;
}

} // namespace wavecraft::detail
