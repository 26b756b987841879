namespace wavecraft
{

/** The rest of what starting and watching a worker process asks of the OS.

    - Linux: the executable is the kernel's link (/proc/self/exe), whatever
      its path became since; inherited files are closed with close_range;
      a debugger is seen in /proc/PID/status.
    - POSIX (WAVECRAFT_POSIX_BACKENDS): the executable is the file JUCE
      finds this code in; inherited files are closed by listing /dev/fd,
      or every descriptor up to the limit where there is no /dev/fd; a
      debugger can't be seen portably, so none is.
*/
struct WorkerProcess
{
    /** The executable a worker is started from: this one. [any thread] */
    static juce::File getOwnExecutable();

    /** Closes every descriptor from `first` up: the host's sockets and
        files are none of the plugin's business, and a listening socket held
        here would keep the host's port taken. [worker, at its start]
    */
    static void closeDescriptorsFrom (int first);

    /** True when a debugger is attached to `processId`: a worker stopped
        there is not hung. [not the audio thread]
    */
    static bool isBeingDebugged (pid_t processId);
};

} // namespace wavecraft
