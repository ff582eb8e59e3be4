namespace KrakenBot.Sandbox.Matching;

/// <summary>All resting orders at one price, in arrival order (an intrusive doubly-linked FIFO).</summary>
internal sealed class PriceLevel
{
    public decimal Price;
    /// <summary>Sum of the remaining volume of the orders here.</summary>
    public decimal Quantity;
    public int Count;
    /// <summary>Unix seconds of the last change (Depth rows carry it).</summary>
    public long UpdatedAt;
    public Order? Head;
    public Order? Tail;

    public void Append(Order order)
    {
        order.Level = this;
        order.Prev = Tail;
        order.Next = null;
        if (Tail is null) Head = order; else Tail.Next = order;
        Tail = order;
        Quantity += order.Remaining;
        Count++;
    }

    /// <summary>Unlinks an order; the caller adjusts <see cref="Quantity"/> for what it removed.</summary>
    public void Unlink(Order order)
    {
        if (order.Prev is null) Head = order.Next; else order.Prev.Next = order.Next;
        if (order.Next is null) Tail = order.Prev; else order.Next.Prev = order.Prev;
        order.Prev = order.Next = null;
        order.Level = null;
        Count--;
    }

    public void Reset(decimal price)
    {
        Price = price;
        Quantity = 0m;
        Count = 0;
        Head = Tail = null;
    }
}
