namespace FedWorkbench.Web.Tables;

/// <summary>
/// A few values by key, of which the least recently used goes first when a new one does not fit. All members are
/// thread-safe.
/// </summary>
/// <param name="capacity">Most values kept.</param>
internal sealed class RecentItems<TValue>(int capacity)
    where TValue : class
{
    private readonly Lock _lock = new();

    // Most recently used first; a handful of entries, so a linear search is cheaper than a second index.
    private readonly LinkedList<(string Key, TValue Value)> _items = [];

    /// <summary>Returns the value of <paramref name="key"/> and marks it as used now, or null when it is not kept.</summary>
    public TValue? Find(string key)
    {
        lock (_lock)
        {
            for (LinkedListNode<(string Key, TValue Value)>? node = _items.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _items.Remove(node);
                    _items.AddFirst(node);
                    return node.Value.Value;
                }
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> as the most recently used one.</summary>
    public void Add(string key, TValue value)
    {
        lock (_lock)
        {
            for (LinkedListNode<(string Key, TValue Value)>? node = _items.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _items.Remove(node);
                    break;
                }
            }

            _items.AddFirst((key, value));
            while (_items.Count > capacity)
            {
                _items.RemoveLast();
            }
        }
    }
}
