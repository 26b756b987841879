namespace wavecraft
{

const char* describe (PluginCall call) noexcept
{
    switch (call)
    {
        case PluginCall::open: return "dlopen (its static constructors)";
        case PluginCall::getTable: return WAVECRAFT_DEV_SYMBOL_CREATE_PROCESSOR "()";
        case PluginCall::getParamsJson: return WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON "()";
        case PluginCall::getProcessorsJson: return WAVECRAFT_DEV_SYMBOL_GET_PROCESSORS_JSON "()";
        case PluginCall::freeString: return WAVECRAFT_DEV_SYMBOL_FREE_STRING "()";
        case PluginCall::create: return "create()";
        case PluginCall::process: return "process()";
        case PluginCall::applyPlainValues: return "apply_plain_values()";
        case PluginCall::setSampleRate: return "set_sample_rate()";
        case PluginCall::reset: return "reset()";
        case PluginCall::drop: return "drop()";
        case PluginCall::getState: return "getStateInformation()";
        case PluginCall::setState: return "setStateInformation()";
        case PluginCall::none: break;
    }

    return "the host's own code, between the plugin's calls";
}

const char* nameOf (PluginCall call) noexcept
{
    switch (call)
    {
        case PluginCall::open: return "dlopen";
        case PluginCall::getTable: return WAVECRAFT_DEV_SYMBOL_CREATE_PROCESSOR;
        case PluginCall::getParamsJson: return WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON;
        case PluginCall::getProcessorsJson: return WAVECRAFT_DEV_SYMBOL_GET_PROCESSORS_JSON;
        case PluginCall::freeString: return WAVECRAFT_DEV_SYMBOL_FREE_STRING;
        case PluginCall::create: return "create";
        case PluginCall::process: return "process";
        case PluginCall::applyPlainValues: return "apply_plain_values";
        case PluginCall::setSampleRate: return "set_sample_rate";
        case PluginCall::reset: return "reset";
        case PluginCall::drop: return "drop";
        case PluginCall::getState: return "get_state";
        case PluginCall::setState: return "set_state";
        case PluginCall::none: break;
    }

    return "none";
}

} // namespace wavecraft
