#include <sys/resource.h>

namespace wavecraft::detail
{

int FileDescriptorLimit::current()
{
    struct rlimit limit;

    if (::getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<int>::max();

    return (int) juce::jmin (limit.rlim_cur, (rlim_t) std::numeric_limits<int>::max());
}

int FileDescriptorLimit::clientsAllowed()
{
    return juce::jlimit (1, mostClients, current() - reserved);
}

} // namespace wavecraft::detail
