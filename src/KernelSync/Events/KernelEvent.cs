namespace Evpnd.KernelSync;

/// <summary>Something the kernel reported on RTNLGRP_LINK or RTNLGRP_NEIGH.</summary>
public abstract record KernelEvent;
