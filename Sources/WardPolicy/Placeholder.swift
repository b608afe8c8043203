// Placeholder: the WardPolicy target's sources land here.
