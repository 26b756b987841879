namespace wavecraft
{

const char* getMonitoredFunctionName (uint32_t function) noexcept
{
    static const char* const names[] = { nullptr,
                                         "malloc",
                                         "calloc",
                                         "realloc",
                                         "posix_memalign",
                                         "aligned_alloc",
                                         "memalign",
                                         "valloc",
                                         "operator new",
                                         "operator new[]",
                                         "free",
                                         "operator delete",
                                         "operator delete[]",
                                         "pthread_mutex_lock",
                                         "pthread_rwlock_rdlock",
                                         "pthread_rwlock_wrlock",
                                         "pthread_cond_wait",
                                         "pthread_cond_timedwait",
                                         "sem_wait",
                                         "sem_timedwait" };
    static_assert (std::size (names) == (size_t) MonitoredFunction::last + 1, "a name for each function");
    return function < std::size (names) ? names[function] : nullptr;
}

} // namespace wavecraft
